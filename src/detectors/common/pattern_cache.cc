// The on-disk cache of compiled vectorscan databases (see pattern_cache.h).
#include "detectors/common/pattern_cache.h"

#include <openssl/evp.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <sstream>

namespace frontseat::detectors {

namespace {

std::filesystem::path CacheDir() {
  const char* dir = std::getenv("FRONTSEAT_CACHE_DIR");
  if (dir != nullptr) {
    std::string d = dir;
    if (d.empty() || d == "off") return {};
    return d;
  }
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg != nullptr && *xdg != '\0') {
    return std::filesystem::path(xdg) / "frontseat";
  }
  if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0') {
    return std::filesystem::path(home) / ".cache" / "frontseat";
  }
  return {};
}

std::string Sha256Hex(const std::string& data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (EVP_Digest(data.data(), data.size(), digest, &len, EVP_sha256(), nullptr) != 1) return "";
  static const char* kHex = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < len; ++i) {
    out += kHex[digest[i] >> 4];
    out += kHex[digest[i] & 15];
  }
  return out;
}

}  // namespace

std::string PatternCachePath(const PatternCacheKeyInput& input) {
  std::filesystem::path dir = CacheDir();
  if (dir.empty()) return "";
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec || !std::filesystem::is_directory(dir, ec)) return "";
  hs_platform_info_t platform{};
  hs_populate_platform(&platform);
  std::ostringstream key;
  key << "frontseat-hs-cache-v2\n" << hs_version() << "\n"
      << platform.tune << " " << platform.cpu_features << "\n";
  for (size_t i = 0; i < input.expressions.size(); ++i) {
    key << input.ids[i] << " " << input.flags[i] << " " << std::strlen(input.expressions[i])
        << " " << input.expressions[i] << "\n";
  }
  std::string hash = Sha256Hex(key.str());
  if (hash.empty()) return "";
  return (dir / ("patterns-" + hash + ".hsdb")).string();
}

// File layout: the magic "FSPC2\n", the pattern count (uint32, host order: the file never
// leaves the machine, the key includes the platform), one uint32 width per pattern, then the
// serialized vectorscan database.
constexpr std::string_view kMagic = "FSPC2\n";

CachedPatterns LoadCachedDatabase(const std::string& path, size_t pattern_count) {
  CachedPatterns out;
  if (path.empty()) return out;
  std::ifstream in(path, std::ios::binary);
  if (!in) return out;
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const size_t header = kMagic.size() + 4 + 4 * pattern_count;
  if (bytes.size() <= header || bytes.compare(0, kMagic.size(), kMagic) != 0) return out;
  uint32_t count = 0;
  std::memcpy(&count, bytes.data() + kMagic.size(), 4);
  if (count != pattern_count) return out;
  out.max_width.resize(count);
  if (count > 0) std::memcpy(out.max_width.data(), bytes.data() + kMagic.size() + 4, 4 * count);
  if (hs_deserialize_database(bytes.data() + header, bytes.size() - header, &out.db) !=
      HS_SUCCESS) {
    out.db = nullptr;
    out.max_width.clear();
  }
  return out;
}

void StoreCachedDatabase(const std::string& path, const hs_database_t* db,
                         const std::vector<uint32_t>& max_width) {
  if (path.empty() || db == nullptr) return;
  char* bytes = nullptr;
  size_t length = 0;
  if (hs_serialize_database(db, &bytes, &length) != HS_SUCCESS) return;
  std::random_device rd;
  std::string tmp = path + ".tmp." + std::to_string(::getpid()) + "." + std::to_string(rd());
  bool ok = false;
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    const auto count = static_cast<uint32_t>(max_width.size());
    out.write(kMagic.data(), static_cast<std::streamsize>(kMagic.size()));
    out.write(reinterpret_cast<const char*>(&count), 4);
    out.write(reinterpret_cast<const char*>(max_width.data()),
              static_cast<std::streamsize>(4 * max_width.size()));
    out.write(bytes, static_cast<std::streamsize>(length));
    ok = static_cast<bool>(out);
  }
  std::free(bytes);  // NOLINT: allocated by vectorscan's default allocator (malloc)
  std::error_code ec;
  if (ok) std::filesystem::rename(tmp, path, ec);
  if (!ok || ec) std::filesystem::remove(tmp, ec);
}

}  // namespace frontseat::detectors
