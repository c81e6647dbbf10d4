// What the classifiers read in a structured document: the text inside it, not its syntax.
//
// Why: the training sets hold braces, quotes and tags almost only in attacks (prompt templates,
// injected documents), so the models learned the punctuation itself: `{"city": "Paris"}` scored
// 0.996 as an injection and `<ul><li>Apples</li></ul>` 1.0 as harmful, and the default policy
// blocked every JSON answer a gateway passed. Scoring the words the document carries keeps what
// an attacker writes (an instruction in a JSON value, an HTML comment or an attribute is still
// read) and drops what a serializer writes.
//
//   std::string words;
//   std::string_view scored = StructuredText(view.text, words) ? words : view.text;
//
// Recognized, after surrounding white space (and a Markdown ```json / ```html fence):
//   - JSON: a whole document that parses as an object or an array. Each string becomes a line,
//     `key: value` for object members; numbers, booleans and null carry no words and are dropped.
//   - HTML / XML: a document that starts with a tag and has a closing tag. Text between tags,
//     comments and quoted attribute values are kept, each separated by a newline; tag and
//     attribute names are dropped.
// Anything else (prose with some JSON in it, code, a fragment that does not parse) is left alone.
#pragma once

#include <string>
#include <string_view>

namespace frontseat::detectors {

// True when `text` is a structured document; `out` then holds its words (possibly none).
bool StructuredText(std::string_view text, std::string& out);

}  // namespace frontseat::detectors
