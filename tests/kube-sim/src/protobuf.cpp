#include "protobuf.hpp"

#include "status.hpp"

#include <cstdint>
#include <functional>

namespace kubesim {
namespace {

[[noreturn]] void malformed() { throw ApiError::bad_request("malformed protobuf body"); }

class Reader {
 public:
  explicit Reader(std::string_view d) : d_(d) {}
  bool done() const { return pos_ >= d_.size(); }
  std::uint64_t varint() {
    std::uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos_ >= d_.size()) malformed();
      auto b = static_cast<unsigned char>(d_[pos_++]);
      v |= static_cast<std::uint64_t>(b & 0x7f) << shift;
      if (!(b & 0x80)) return v;
    }
    malformed();
  }
  std::string_view bytes() {
    auto n = varint();
    if (n > d_.size() - pos_) malformed();
    auto s = d_.substr(pos_, n);
    pos_ += n;
    return s;
  }
  void skip(unsigned wire) {
    switch (wire) {
      case 0: varint(); break;
      case 1: advance(8); break;
      case 2: bytes(); break;
      case 5: advance(4); break;
      default: malformed();
    }
  }
  // Calls fn(field, wiretype) for each field; fn must consume the value.
  void each(const std::function<void(unsigned, unsigned)>& fn) {
    while (!done()) {
      auto tag = varint();
      fn(static_cast<unsigned>(tag >> 3), static_cast<unsigned>(tag & 7));
    }
  }

 private:
  void advance(std::size_t n) {
    if (n > d_.size() - pos_) malformed();
    pos_ += n;
  }
  std::string_view d_;
  std::size_t pos_ = 0;
};

void put_if(json::object& o, const char* key, std::string_view v) {
  if (!v.empty()) o[key] = std::string(v);
}

// map<string,string|bytes> entry: key=1, value=2.
std::pair<std::string, std::string> map_entry(std::string_view entry) {
  Reader r(entry);
  std::pair<std::string, std::string> kv;
  r.each([&](unsigned f, unsigned w) {
    if (w != 2) return r.skip(w);
    if (f == 1) kv.first = r.bytes();
    else if (f == 2) kv.second = r.bytes();
    else r.skip(w);
  });
  return kv;
}

json::object owner_reference(std::string_view data) {
  Reader r(data);
  json::object o;
  r.each([&](unsigned f, unsigned w) {
    if (f == 1 && w == 2) put_if(o, "kind", r.bytes());
    else if (f == 3 && w == 2) put_if(o, "name", r.bytes());
    else if (f == 4 && w == 2) put_if(o, "uid", r.bytes());
    else if (f == 5 && w == 2) put_if(o, "apiVersion", r.bytes());
    else if (f == 6 && w == 0) o["controller"] = r.varint() != 0;
    else if (f == 7 && w == 0) o["blockOwnerDeletion"] = r.varint() != 0;
    else r.skip(w);
  });
  return o;
}

json::object object_meta(std::string_view data) {
  Reader r(data);
  json::object m;
  r.each([&](unsigned f, unsigned w) {
    switch (f) {
      case 1: if (w == 2) return put_if(m, "name", r.bytes()); break;
      case 2: if (w == 2) return put_if(m, "generateName", r.bytes()); break;
      case 3: if (w == 2) return put_if(m, "namespace", r.bytes()); break;
      case 5: if (w == 2) return put_if(m, "uid", r.bytes()); break;
      case 6: if (w == 2) return put_if(m, "resourceVersion", r.bytes()); break;
      case 11:
      case 12:
        if (w == 2) {
          auto [k, v] = map_entry(r.bytes());
          ensure_obj(m, f == 11 ? "labels" : "annotations")[k] = v;
          return;
        }
        break;
      case 13:
        if (w == 2) {
          auto& refs = m["ownerReferences"];
          if (!refs.is_array()) refs = json::array();
          refs.get_array().push_back(owner_reference(r.bytes()));
          return;
        }
        break;
      case 14:
        if (w == 2) {
          auto& fins = m["finalizers"];
          if (!fins.is_array()) fins = json::array();
          fins.get_array().push_back(json::string(r.bytes()));
          return;
        }
        break;
      default: break;
    }
    r.skip(w);
  });
  return m;
}

json::object decode_secret(std::string_view raw) {
  Reader r(raw);
  json::object s;
  r.each([&](unsigned f, unsigned w) {
    if (w != 2 && f != 5) return r.skip(w);
    switch (f) {
      case 1: s["metadata"] = object_meta(r.bytes()); return;
      case 2: {
        auto [k, v] = map_entry(r.bytes());
        ensure_obj(s, "data")[k] = base64_encode(v);  // JSON carries bytes as base64
        return;
      }
      case 3: put_if(s, "type", r.bytes()); return;
      case 4: {
        auto [k, v] = map_entry(r.bytes());
        ensure_obj(s, "stringData")[k] = v;
        return;
      }
      case 5:
        if (w == 0) {
          if (r.varint()) s["immutable"] = true;
          return;
        }
        break;
      default: break;
    }
    r.skip(w);
  });
  return s;
}

json::object decode_configmap(std::string_view raw) {
  Reader r(raw);
  json::object c;
  r.each([&](unsigned f, unsigned w) {
    if (f == 1 && w == 2) {
      c["metadata"] = object_meta(r.bytes());
    } else if ((f == 2 || f == 3) && w == 2) {
      auto [k, v] = map_entry(r.bytes());
      if (f == 2) ensure_obj(c, "data")[k] = v;
      else ensure_obj(c, "binaryData")[k] = base64_encode(v);
    } else if (f == 4 && w == 0) {
      if (r.varint()) c["immutable"] = true;
    } else {
      r.skip(w);
    }
  });
  return c;
}

json::object decode_namespace(std::string_view raw) {
  Reader r(raw);
  json::object n;
  r.each([&](unsigned f, unsigned w) {
    if (f == 1 && w == 2) n["metadata"] = object_meta(r.bytes());
    else r.skip(w);  // spec.finalizers and status are server-set
  });
  return n;
}

json::object decode_delete_options(std::string_view raw) {
  Reader r(raw);
  json::object o;
  r.each([&](unsigned f, unsigned w) {
    if (f == 1 && w == 0) {
      o["gracePeriodSeconds"] = static_cast<std::int64_t>(r.varint());
    } else if (f == 2 && w == 2) {
      Reader p(r.bytes());
      json::object pre;
      p.each([&](unsigned pf, unsigned pw) {
        if (pf == 1 && pw == 2) put_if(pre, "uid", p.bytes());
        else if (pf == 2 && pw == 2) put_if(pre, "resourceVersion", p.bytes());
        else p.skip(pw);
      });
      if (!pre.empty()) o["preconditions"] = pre;
    } else if (f == 3 && w == 0) {
      o["orphanDependents"] = r.varint() != 0;
    } else if (f == 4 && w == 2) {
      put_if(o, "propagationPolicy", r.bytes());
    } else if (f == 5 && w == 2) {
      auto& dr = o["dryRun"];
      if (!dr.is_array()) dr = json::array();
      dr.get_array().push_back(json::string(r.bytes()));
    } else {
      r.skip(w);
    }
  });
  return o;
}
}  // namespace

json::object decode_protobuf_object(std::string_view body) {
  static constexpr std::string_view magic("k8s\0", 4);
  if (body.substr(0, 4) != magic) throw ApiError::bad_request("protobuf body is missing the k8s magic prefix");
  Reader env(body.substr(4));
  std::string api_version, kind;
  std::string_view raw;
  env.each([&](unsigned f, unsigned w) {
    if (f == 1 && w == 2) {
      Reader tm(env.bytes());
      tm.each([&](unsigned tf, unsigned tw) {
        if (tf == 1 && tw == 2) api_version = tm.bytes();
        else if (tf == 2 && tw == 2) kind = tm.bytes();
        else tm.skip(tw);
      });
    } else if (f == 2 && w == 2) {
      raw = env.bytes();
    } else {
      env.skip(w);
    }
  });
  json::object obj;
  if (kind == "Secret") obj = decode_secret(raw);
  else if (kind == "DeleteOptions") obj = decode_delete_options(raw);
  else if (kind == "ConfigMap") obj = decode_configmap(raw);
  else if (kind == "Namespace") obj = decode_namespace(raw);
  else
    throw ApiError(415, "UnsupportedMediaType",
                   "the body of the request was in an unsupported protobuf kind \"" + kind + "\" (kube-sim decodes Secret, ConfigMap, Namespace and DeleteOptions); send JSON, e.g. kubectl create -f");
  obj["apiVersion"] = api_version;
  obj["kind"] = kind;
  return obj;
}
}  // namespace kubesim
