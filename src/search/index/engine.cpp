// The embedded Engine: one Index per document type, swapped atomically by rebuilds and snapshot
// loads.
//
// Locking: `map_mutex_` guards the type -> index map (held only to copy or swap a shared_ptr, so
// a search keeps the index it started with alive even if a rebuild replaces it). `write_mutex_`
// orders writes with the rebuild journals: a write applies to the live index and is appended to
// the journal of a running rebuild under it, and Commit replays the journal's tail and swaps the
// pointer under it, so no write is lost between the replay and the swap.
#include "emporion/search/engine.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <shared_mutex>
#include <sstream>
#include <variant>

#include "search/index/index.hpp"
#include "search/text/storage.hpp"

namespace emporion::search {
namespace {

constexpr uint32_t kSnapshotVersion = 2;  // 2: compact keyword values, stored hash slots
constexpr char kIndexMagic[8] = {'E', 'M', 'P', 'S', 'I', 'D', 'X', '1'};
constexpr const char* kManifestName = "MANIFEST";
constexpr const char* kManifestHead = "emporion-search-snapshot";

int64_t NowMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// A type name as a file name: [A-Za-z0-9_-] kept, anything else %XX.
std::string FileNameOf(std::string_view type) {
  std::string out;
  for (char ch : type) {
    const auto c = static_cast<unsigned char>(ch);
    if (std::isalnum(c) != 0 || c == '_' || c == '-') {
      out.push_back(ch);
    } else {
      char buf[4];
      std::snprintf(buf, sizeof(buf), "%%%02X", c);
      out += buf;
    }
  }
  return out + ".idx";
}

Status FsyncPath(const std::string& path, bool directory) {
  const int fd = ::open(path.c_str(), directory ? O_RDONLY | O_DIRECTORY : O_RDONLY);
  if (fd < 0) {
    return Error::Internal("cannot open " + path + " to sync it");
  }
  const int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) {
    return Error::Internal("fsync failed for " + path);
  }
  return Ok();
}

// Writes `fill`'s output to `path` via a temp file, fsync and rename (atomic replacement).
template <typename Fill>
Status WriteAtomically(const std::string& path, Fill&& fill) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) {
      return Error::Internal("cannot write " + tmp);
    }
    std::vector<char> buffer(1 << 20);
    out.rdbuf()->pubsetbuf(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    fill(out);
    out.flush();
    if (!out) {
      return Error::Internal("write failed for " + tmp);
    }
  }
  EMPORION_RETURN_IF_ERROR(FsyncPath(tmp, false));
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) {
    return Error::Internal("cannot rename " + tmp + ": " + ec.message());
  }
  return Ok();
}

struct UpsertOp {
  std::vector<Document> docs;
};
struct RemoveOp {
  std::vector<std::string> ids;
};
using JournalOp = std::variant<UpsertOp, RemoveOp>;

struct Rebuild {
  std::shared_ptr<Index> index;
  RebuildJournal mode = RebuildJournal::kDocuments;
  std::vector<JournalOp> journal;  // guarded by the engine's write_mutex_; kDocuments only
};

class EmbeddedEngine;

class EmbeddedBuilder : public IndexBuilder {
 public:
  EmbeddedBuilder(EmbeddedEngine& engine, std::string type, std::shared_ptr<Rebuild> rebuild)
      : engine_(engine), type_(std::move(type)), rebuild_(std::move(rebuild)) {}
  ~EmbeddedBuilder() override;
  Status Add(std::vector<Document> docs) override;
  Status Remove(const std::vector<std::string>& ids) override;
  Status Commit() override;

 private:
  EmbeddedEngine& engine_;
  std::string type_;
  std::shared_ptr<Rebuild> rebuild_;
  bool committed_ = false;
};

class EmbeddedEngine : public Engine {
 public:
  Status Upsert(std::string_view type, std::vector<Document> docs) override {
    std::lock_guard write(write_mutex_);
    std::shared_ptr<Index> index = GetOrCreate(type);
    EMPORION_RETURN_IF_ERROR(index->Upsert(docs));
    if (auto it = rebuilds_.find(type);
        it != rebuilds_.end() && it->second->mode == RebuildJournal::kDocuments) {
      it->second->journal.emplace_back(UpsertOp{std::move(docs)});
    }
    return Ok();
  }

  Status Remove(std::string_view type, const std::vector<std::string>& ids) override {
    std::lock_guard write(write_mutex_);
    std::shared_ptr<Index> index = Get(type);
    if (index) {
      index->Remove(ids);
    }
    if (auto it = rebuilds_.find(type);
        it != rebuilds_.end() && it->second->mode == RebuildJournal::kDocuments) {
      it->second->journal.emplace_back(RemoveOp{ids});
    }
    return Ok();
  }

  Result<SearchResult> Search(std::string_view type, const Query& query) const override {
    std::shared_ptr<Index> index = Get(type);
    if (!index) {
      static const Index kEmpty;
      return kEmpty.Search(query);
    }
    return index->Search(query);
  }

  Result<std::vector<Suggestion>> Suggest(std::string_view type,
                                          const SuggestQuery& query) const override {
    std::shared_ptr<Index> index = Get(type);
    if (!index) {
      static const Index kEmpty;
      return kEmpty.Suggest(query);
    }
    return index->Suggest(query);
  }

  FieldKind KindOf(std::string_view type, std::string_view field) const override {
    std::shared_ptr<Index> index = Get(type);
    return index ? index->KindOf(field) : FieldKind::kUnknown;
  }

  IndexStats Stats(std::string_view type) const override {
    std::shared_ptr<Index> index = Get(type);
    IndexStats s;
    if (index) {
      s = index->Stats();
    }
    s.type = std::string(type);
    return s;
  }

  std::vector<std::string> Types() const override {
    std::shared_lock lock(map_mutex_);
    std::vector<std::string> out;
    for (const auto& [type, index] : indexes_) {
      out.push_back(type);
    }
    return out;
  }

  Result<std::unique_ptr<IndexBuilder>> BeginRebuild(std::string_view type,
                                                     RebuildJournal journal) override {
    std::lock_guard write(write_mutex_);
    if (rebuilds_.find(type) != rebuilds_.end()) {
      return Error::Conflict("a rebuild of '" + std::string(type) + "' is already running");
    }
    auto rebuild = std::make_shared<Rebuild>();
    rebuild->index = std::make_shared<Index>();
    rebuild->mode = journal;
    rebuilds_.emplace(std::string(type), rebuild);
    return std::unique_ptr<IndexBuilder>(
        std::make_unique<EmbeddedBuilder>(*this, std::string(type), std::move(rebuild)));
  }

  Status SaveSnapshot(const std::string& dir, int64_t watermark) const override {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) {
      return Error::Internal("cannot create " + dir + ": " + ec.message());
    }
    std::map<std::string, std::shared_ptr<Index>> indexes;
    {
      std::shared_lock lock(map_mutex_);
      indexes.insert(indexes_.begin(), indexes_.end());
    }
    std::ostringstream manifest;
    manifest << kManifestHead << "\nversion " << kSnapshotVersion << "\nwatermark " << watermark
             << "\n";
    for (const auto& [type, index] : indexes) {
      const std::string file = FileNameOf(type);
      EMPORION_RETURN_IF_ERROR(WriteAtomically(dir + "/" + file, [&](std::ostream& out) {
        out.write(kIndexMagic, sizeof(kIndexMagic));
        out.write(reinterpret_cast<const char*>(&kSnapshotVersion), sizeof(kSnapshotVersion));
        index->Save(out);
      }));
      manifest << "type " << file << "\n";
    }
    manifest << "end\n";
    // Index files first, the manifest last: a crash in between leaves the old manifest naming
    // complete files (of the newer snapshot, which is at least as fresh as its watermark says).
    EMPORION_RETURN_IF_ERROR(WriteAtomically(dir + "/" + kManifestName,
                                             [&](std::ostream& out) { out << manifest.str(); }));
    return FsyncPath(dir, true);
  }

  Result<int64_t> LoadSnapshot(const std::string& dir) override {
    const std::string manifest_path = dir + "/" + kManifestName;
    std::ifstream manifest(manifest_path);
    if (!manifest) {
      return Error::NotFound("no search snapshot in " + dir);
    }
    const auto bad = [&](const std::string& why) { return Error::Unprocessable("snapshot", why); };
    std::string head;
    std::string word;
    uint32_t version = 0;
    int64_t watermark = 0;
    if (!std::getline(manifest, head) || head != kManifestHead || !(manifest >> word) ||
        word != "version" || !(manifest >> version)) {
      return bad("the manifest is unreadable");
    }
    if (version != kSnapshotVersion) {
      return bad("format version " + std::to_string(version) + ", this build reads " +
                 std::to_string(kSnapshotVersion));
    }
    if (!(manifest >> word) || word != "watermark" || !(manifest >> watermark)) {
      return bad("the manifest is unreadable");
    }
    std::map<std::string, std::shared_ptr<Index>> loaded;
    bool ended = false;
    while (manifest >> word) {
      if (word == "end") {
        ended = true;
        break;
      }
      std::string file;
      if (word != "type" || !(manifest >> file) || file.find('/') != std::string::npos ||
          file.size() < 5 || file.substr(file.size() - 4) != ".idx") {
        return bad("the manifest is unreadable");
      }
      std::string type = TypeOf(file.substr(0, file.size() - 4));
      std::ifstream in(dir + "/" + file, std::ios::binary);
      if (!in) {
        return bad("missing index file " + file);
      }
      char magic[sizeof(kIndexMagic)] = {};
      uint32_t file_version = 0;
      if (!in.read(magic, sizeof(magic)) ||
          std::string_view(magic, sizeof(magic)) !=
              std::string_view(kIndexMagic, sizeof(kIndexMagic)) ||
          !in.read(reinterpret_cast<char*>(&file_version), sizeof(file_version)) ||
          file_version != kSnapshotVersion) {
        return bad("index file " + file + " is not of format version " +
                   std::to_string(kSnapshotVersion));
      }
      auto index = std::make_shared<Index>();
      // Stored documents (most of the file) are read in place from the mapped file, when the
      // mapping is of the file the stream reads (the same size).
      std::shared_ptr<const MappedFile> mapped = MappedFile::Open(dir + "/" + file);
      if (mapped && static_cast<uint64_t>(in.tellg()) + Remaining(in) != mapped->size()) {
        mapped.reset();
      }
      Status st = index->Load(in, std::move(mapped));
      if (!st.ok()) {
        return bad(file + ": " + st.error().detail());
      }
      loaded.emplace(std::move(type), std::move(index));
    }
    if (!ended) {
      return bad("the manifest is truncated");
    }
    std::lock_guard write(write_mutex_);
    std::unique_lock lock(map_mutex_);
    indexes_.clear();
    for (auto& [type, index] : loaded) {
      indexes_.emplace(type, std::move(index));
    }
    return watermark;
  }

  // For the builder.
  Status Commit(const std::string& type, Rebuild& rebuild) {
    rebuild.index->Trim();  // not yet visible: no reader waits for it
    // Replay the journal without blocking writers while it is long; the last few entries and
    // the swap happen under the write lock.
    for (int round = 0; round < 8; ++round) {
      std::vector<JournalOp> batch;
      {
        std::lock_guard write(write_mutex_);
        if (rebuild.journal.size() < 64) {
          break;
        }
        batch.swap(rebuild.journal);
      }
      Replay(*rebuild.index, batch);
    }
    std::lock_guard write(write_mutex_);
    Replay(*rebuild.index, rebuild.journal);
    rebuild.journal.clear();
    rebuild.index->set_last_rebuild_millis(NowMillis());
    {
      std::unique_lock lock(map_mutex_);
      indexes_[type] = rebuild.index;
    }
    rebuilds_.erase(type);
    return Ok();
  }

  void Abandon(const std::string& type, const Rebuild* rebuild) {
    std::lock_guard write(write_mutex_);
    auto it = rebuilds_.find(type);
    if (it != rebuilds_.end() && it->second.get() == rebuild) {
      rebuilds_.erase(it);
    }
  }

 private:
  static std::string TypeOf(std::string_view file) {
    auto hex = [](char c) -> int {
      if (c >= '0' && c <= '9') return c - '0';
      if (c >= 'A' && c <= 'F') return c - 'A' + 10;
      return -1;
    };
    std::string out;
    for (size_t i = 0; i < file.size(); ++i) {
      if (file[i] == '%' && i + 2 < file.size() && hex(file[i + 1]) >= 0 && hex(file[i + 2]) >= 0) {
        out.push_back(static_cast<char>(hex(file[i + 1]) * 16 + hex(file[i + 2])));
        i += 2;
      } else {
        out.push_back(file[i]);
      }
    }
    return out;
  }

  // A journaled batch was valid for the live index; if the rebuilt index gives one of its
  // fields another kind the batch is skipped there (the next rebuild or update corrects it).
  static void Replay(Index& index, std::vector<JournalOp>& ops) {
    for (JournalOp& op : ops) {
      if (auto* up = std::get_if<UpsertOp>(&op)) {
        (void)index.Upsert(up->docs);
      } else {
        index.Remove(std::get<RemoveOp>(op).ids);
      }
    }
  }

  std::shared_ptr<Index> Get(std::string_view type) const {
    std::shared_lock lock(map_mutex_);
    auto it = indexes_.find(type);
    return it == indexes_.end() ? nullptr : it->second;
  }

  std::shared_ptr<Index> GetOrCreate(std::string_view type) {
    if (auto index = Get(type)) {
      return index;
    }
    std::unique_lock lock(map_mutex_);
    auto& slot = indexes_[std::string(type)];
    if (!slot) {
      slot = std::make_shared<Index>();
    }
    return slot;
  }

  mutable std::shared_mutex map_mutex_;
  std::map<std::string, std::shared_ptr<Index>, std::less<>> indexes_;  // GUARDED_BY(map_mutex_)
  std::mutex write_mutex_;
  std::map<std::string, std::shared_ptr<Rebuild>, std::less<>>
      rebuilds_;  // GUARDED_BY(write_mutex_)
};

EmbeddedBuilder::~EmbeddedBuilder() {
  if (!committed_) {
    engine_.Abandon(type_, rebuild_.get());
  }
}

Status EmbeddedBuilder::Add(std::vector<Document> docs) {
  if (committed_) {
    return Error::PreconditionFailed("the rebuild is already committed");
  }
  return rebuild_->index->Upsert(docs);
}

Status EmbeddedBuilder::Remove(const std::vector<std::string>& ids) {
  if (committed_) {
    return Error::PreconditionFailed("the rebuild is already committed");
  }
  rebuild_->index->Remove(ids);
  return Ok();
}

Status EmbeddedBuilder::Commit() {
  if (committed_) {
    return Error::PreconditionFailed("the rebuild is already committed");
  }
  committed_ = true;
  return engine_.Commit(type_, *rebuild_);
}

}  // namespace

std::unique_ptr<Engine> MakeEmbeddedEngine() { return std::make_unique<EmbeddedEngine>(); }

}  // namespace emporion::search
