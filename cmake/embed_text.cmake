# Turns a text file into a C++ raw string literal include, so assets (the default policy) are
# compiled into the binary and the binary runs from anywhere.
file(READ ${IN} content)
string(FIND "${content}" ")frontseat\"" clash)
if(NOT clash EQUAL -1)
  message(FATAL_ERROR "${IN} contains the raw-string delimiter")
endif()
file(WRITE ${OUT} "R\"frontseat(${content})frontseat\"")
