// Deterministic benchmark corpora: English-like prose (Zipf-weighted common words, sentences,
// numbers) with findings planted at a fixed rate, so every run and every machine scans the same
// bytes and the benchmark can check what it finds before it times anything.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace frontseat::bench {

struct Corpus {
  std::string text;
  // The planted values, each of which the default policy must find.
  std::vector<std::string> planted;
};

// About `bytes` of prose with one planted finding per `plant_every` bytes (0: none), seeded.
Corpus MakeProse(size_t bytes, size_t plant_every, uint32_t seed);

}  // namespace frontseat::bench
