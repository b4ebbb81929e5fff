#include <doctest/doctest.h>

#include "util/csv.hpp"

using namespace carepath;

TEST_CASE("CsvReader splits rows and keeps columns and line numbers") {
  CsvReader r("a,b,c\n1,,\"x, \"\"y\"\"\"\r\n\"multi\nline\",2,3\nlast,row,end", 10);
  std::vector<CsvField> f;
  REQUIRE(r.next(f));
  CHECK(r.row_line() == 10);
  REQUIRE(f.size() == 3);
  CHECK(f[2].text == "c");
  CHECK(f[2].col == 5);
  REQUIRE(r.next(f));
  CHECK(r.row_line() == 11);
  REQUIRE(f.size() == 3);
  CHECK(f[0].text == "1");
  CHECK(f[1].text.empty());
  CHECK(f[2].text == "x, \"y\"");
  REQUIRE(r.next(f));
  CHECK(r.row_line() == 12);
  CHECK(f[0].text == "multi\nline");
  REQUIRE(r.next(f));
  CHECK(r.row_line() == 14);
  CHECK(f[2].text == "end");
  CHECK_FALSE(r.next(f));
}

TEST_CASE("CsvReader reports an unterminated quote") {
  CsvReader r("a,\"open\n", 1);
  std::vector<CsvField> f;
  REQUIRE(r.next(f));
  CHECK(r.error() == "a quoted field is not closed");
}

TEST_CASE("CsvReader keeps unescaped fields of the rows a caller reads ahead") {
  CsvReader r("\"a\"\"1\",x\n\"b\"\"2\",y\n\"c\"\"3\",z\n", 1, 2);
  std::vector<CsvField> first, second, third;
  REQUIRE(r.next(first));
  REQUIRE(r.next(second));
  CHECK(first[0].text == "a\"1");  // still valid: two rows are kept
  CHECK(second[0].text == "b\"2");
  REQUIRE(r.next(third));  // reuses the first row's storage
  CHECK(second[0].text == "b\"2");
  CHECK(third[0].text == "c\"3");
  CHECK(third[1].text == "z");
}

TEST_CASE("csv_row quotes the fields that need it") {
  CHECK(csv_row({"plain", "with,comma", "say \"hi\""}) == "plain,\"with,comma\",\"say \"\"hi\"\"\"");
}
