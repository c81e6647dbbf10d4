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
  key << "frontseat-hs-cache-v1\n" << hs_version() << "\n"
      << platform.tune << " " << platform.cpu_features << "\n";
  for (size_t i = 0; i < input.expressions.size(); ++i) {
    key << input.ids[i] << " " << input.flags[i] << " " << std::strlen(input.expressions[i])
        << " " << input.expressions[i] << "\n";
  }
  std::string hash = Sha256Hex(key.str());
  if (hash.empty()) return "";
  return (dir / ("patterns-" + hash + ".hsdb")).string();
}

hs_database_t* LoadCachedDatabase(const std::string& path) {
  if (path.empty()) return nullptr;
  std::ifstream in(path, std::ios::binary);
  if (!in) return nullptr;
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  hs_database_t* db = nullptr;
  if (bytes.empty() ||
      hs_deserialize_database(bytes.data(), bytes.size(), &db) != HS_SUCCESS) {
    return nullptr;
  }
  return db;
}

void StoreCachedDatabase(const std::string& path, const hs_database_t* db) {
  if (path.empty() || db == nullptr) return;
  char* bytes = nullptr;
  size_t length = 0;
  if (hs_serialize_database(db, &bytes, &length) != HS_SUCCESS) return;
  std::random_device rd;
  std::string tmp = path + ".tmp." + std::to_string(::getpid()) + "." + std::to_string(rd());
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out.write(bytes, static_cast<std::streamsize>(length));
    if (!out) {
      std::free(bytes);  // NOLINT: allocated by vectorscan's default allocator (malloc)
      std::error_code ec;
      std::filesystem::remove(tmp, ec);
      return;
    }
  }
  std::free(bytes);  // NOLINT: see above
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) std::filesystem::remove(tmp, ec);
}

}  // namespace frontseat::detectors
