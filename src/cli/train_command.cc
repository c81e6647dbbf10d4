// `frontseat train` (see train_command.h).
#include "cli/train_command.h"

#include <cstdlib>

#include "eval/train.h"

namespace frontseat::cli {

std::string ResolveDataDir(const std::string& flag) {
  if (!flag.empty()) return flag;
  if (const char* env = std::getenv("FRONTSEAT_DATA_DIR"); env != nullptr && *env != '\0') {
    return env;
  }
  return "../shared/data";
}

int RunTrain(const TrainCommandOptions& options, std::ostream& out, std::ostream& err) {
  eval::TrainOptions t;
  t.spec_path = options.spec;
  t.data_dir = ResolveDataDir(options.data_dir);
  t.out_dir = options.out;
  t.quiet = options.quiet;
  auto report = eval::Train(t);
  if (!report.ok()) {
    err << "frontseat train: " << report.status().message() << "\n";
    return 2;
  }
  out << report.value() << "\n";
  err << "frontseat train: wrote " << options.out << "/report.json and "
      << options.out << "/calibration.yaml\n";
  return 0;
}

}  // namespace frontseat::cli
