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

#include <cstdint>
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

// What a cache file holds: the database and each pattern's maximum match width (which would
// otherwise cost a vectorscan analysis of every pattern at start-up).
struct CachedPatterns {
  hs_database_t* db = nullptr;  // owned by the caller once loaded
  std::vector<uint32_t> max_width;
};

// Loads `path`; db is nullptr if the file is absent or unusable (wrong format, version, platform,
// pattern count, or corrupt).
CachedPatterns LoadCachedDatabase(const std::string& path, size_t pattern_count);

// Best effort: writes `db` and the widths to `path` atomically; failures are ignored.
void StoreCachedDatabase(const std::string& path, const hs_database_t* db,
                         const std::vector<uint32_t>& max_width);

}  // namespace frontseat::detectors
