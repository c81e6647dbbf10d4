// PatternCache: compiled vectorscan databases kept on disk, keyed by what they were compiled from.
//
// Compiling the shipped detectors' few hundred patterns takes vectorscan seconds; loading the
// same database from its serialized form takes milliseconds. So a compiled database is written
// once to the cache directory and loaded on every later start with the same patterns, flags,
// vectorscan version and CPU platform (all part of the key: a SHA-256 over them).
//
// Directory: $FRONTSEAT_CACHE_DIR if set ("off" disables the cache), else
// $XDG_CACHE_HOME/frontseat, else $HOME/.cache/frontseat. A missing, unwritable or corrupt cache
// is never an error: the database is compiled as if there were no cache. Writes go to a temporary
// file renamed into place, so concurrent processes never read a half-written file.
#pragma once

#include <hs.h>

#include <string>
#include <vector>

namespace frontseat::detectors {

struct PatternCacheKeyInput {
  std::vector<const char*> expressions;
  std::vector<unsigned int> flags;
  std::vector<unsigned int> ids;
};

// The cache file path for these patterns, or "" when caching is off or no directory is usable.
std::string PatternCachePath(const PatternCacheKeyInput& input);

// Loads a database from `path`; nullptr if absent or unusable (wrong version, platform, corrupt).
hs_database_t* LoadCachedDatabase(const std::string& path);

// Best effort: serializes `db` to `path` atomically; failures are ignored.
void StoreCachedDatabase(const std::string& path, const hs_database_t* db);

}  // namespace frontseat::detectors
