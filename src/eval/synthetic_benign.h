// A benign instruction set the project writes itself (`set: builtin:synthetic_benign` in a train
// spec): everyday requests of the kinds assistants get (write, explain, summarize, translate,
// plan, code, compare), over many ordinary topics, plus requests that use alarming words in
// harmless senses ("kill a Python process", "shoot a portrait", "execute a SQL query").
//
// Why: the redistributable labeled benign data is small (427 human-written instructions, math
// problems, OpenOrca questions), so a classifier trained on it alone reads any imperative
// request as suspicious; the non-commercial Alpaca set that would cover this may only be used
// for evaluation. Generated deterministically from the templates below; no text is copied from
// any data set.
#pragma once

#include <string>
#include <vector>

namespace frontseat::eval {

// Rows of the set, in a fixed order: each is {text, label "benign", category}.
struct SyntheticRow {
  std::string text;
  std::string category;
};
std::vector<SyntheticRow> SyntheticBenignInstructions();

}  // namespace frontseat::eval
