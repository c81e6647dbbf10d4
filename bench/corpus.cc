// Prose generator for the benchmarks (see corpus.h). The planted values are fake credentials and
// PII written for this benchmark; they pass their detectors' validators (Luhn, mod-97).
#include "corpus.h"

#include <random>

namespace frontseat::bench {

namespace {
const char* const kWords[] = {
    "the", "of", "and", "to", "a", "in", "is", "it", "you", "that", "he", "was", "for", "on",
    "are", "with", "as", "they", "be", "at", "one", "have", "this", "from", "or", "had", "by",
    "word", "but", "what", "some", "we", "can", "out", "other", "were", "all", "there", "when",
    "up", "use", "your", "how", "said", "an", "each", "she", "which", "do", "their", "time",
    "if", "will", "way", "about", "many", "then", "them", "write", "would", "like", "so",
    "these", "her", "long", "make", "thing", "see", "him", "two", "has", "look", "more", "day",
    "could", "go", "come", "did", "number", "sound", "no", "most", "people", "my", "over",
    "know", "water", "than", "call", "first", "who", "may", "down", "side", "been", "now",
    "find", "report", "meeting", "quarterly", "customer", "service", "project", "deadline",
    "review", "budget", "schedule", "release", "deployment", "database", "server", "request",
    "instructions", "previous", "system", "prompt", "password", "account", "email", "phone"};

const char* const kPlants[] = {
    "jane.doe@fastmail.fm",
    "AKIAZ3MSJV4WWNKWW5FG",
    "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",
    "4111 1111 1111 1111",
    "GB82 WEST 1234 5698 7654 32",
    "+1 (415) 555-0132",
    "xoxb-2841837465-9182736450123-Qm7rT2wX9zLp4Vn8Kc3Hs6Jd",
    "sk_live_4eC39HqLyjWDarjtT1zdp7dc",
};
}  // namespace

Corpus MakeProse(size_t bytes, size_t plant_every, uint32_t seed) {
  std::mt19937 rng(seed);
  // Zipf-like: word i has weight 1/(i+1).
  std::vector<double> weights;
  for (size_t i = 0; i < std::size(kWords); ++i) weights.push_back(1.0 / (i + 1));
  std::discrete_distribution<size_t> word(weights.begin(), weights.end());
  Corpus c;
  c.text.reserve(bytes + 64);
  size_t next_plant = plant_every;
  size_t plant = 0;
  bool sentence_start = true;
  while (c.text.size() < bytes) {
    if (plant_every > 0 && c.text.size() >= next_plant) {
      const char* p = kPlants[plant++ % std::size(kPlants)];
      c.text += "reach it at ";
      c.text += p;
      c.text += ". ";
      c.planted.emplace_back(p);
      next_plant += plant_every;
      sentence_start = true;
      continue;
    }
    std::string w = kWords[word(rng)];
    if (sentence_start) w[0] = static_cast<char>(w[0] - 'a' + 'A');
    sentence_start = false;
    c.text += w;
    uint32_t r = rng() % 100;
    if (r < 6) {
      c.text += ". ";
      sentence_start = true;
    } else if (r < 9) {
      c.text += ", ";
    } else if (r < 11) {
      c.text += " " + std::to_string(rng() % 1000) + " ";
    } else if (r < 12) {
      c.text += ".\n";
      sentence_start = true;
    } else {
      c.text += ' ';
    }
  }
  return c;
}

}  // namespace frontseat::bench
