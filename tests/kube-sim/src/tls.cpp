#include "tls.hpp"

#include <openssl/bio.h>
#include <openssl/ec.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509v3.h>

#include <stdexcept>

namespace kubesim {
namespace {

void check(bool ok, const char* what) {
  if (!ok) throw std::runtime_error(std::string("TLS setup failed: ") + what);
}

EVP_PKEY* new_key() {
  EVP_PKEY* key = EVP_EC_gen("P-256");
  check(key != nullptr, "EC key generation");
  return key;
}

void add_ext(X509* cert, X509* issuer, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
  check(ext != nullptr, value);
  X509_add_ext(cert, ext, -1);
  X509_EXTENSION_free(ext);
}

X509* new_cert(EVP_PKEY* key, const char* cn) {
  X509* cert = X509_new();
  X509_set_version(cert, 2);
  unsigned char serial[16];
  RAND_bytes(serial, sizeof serial);
  serial[0] &= 0x7f;
  BIGNUM* bn = BN_bin2bn(serial, sizeof serial, nullptr);
  BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert));
  BN_free(bn);
  X509_gmtime_adj(X509_getm_notBefore(cert), -3600);
  X509_gmtime_adj(X509_getm_notAfter(cert), 365L * 24 * 3600);
  X509_set_pubkey(cert, key);
  X509_NAME* name = X509_get_subject_name(cert);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>(cn), -1, -1, 0);
  return cert;
}
}  // namespace

TlsMaterial generate_tls(const std::string& ip) {
  TlsMaterial t;
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> ca_key(new_key(), EVP_PKEY_free);
  std::unique_ptr<X509, decltype(&X509_free)> ca(new_cert(ca_key.get(), "kube-sim-ca"), X509_free);
  X509_set_issuer_name(ca.get(), X509_get_subject_name(ca.get()));
  add_ext(ca.get(), ca.get(), NID_basic_constraints, "critical,CA:TRUE");
  add_ext(ca.get(), ca.get(), NID_key_usage, "critical,keyCertSign,cRLSign,digitalSignature");
  add_ext(ca.get(), ca.get(), NID_subject_key_identifier, "hash");
  check(X509_sign(ca.get(), ca_key.get(), EVP_sha256()) > 0, "CA signature");

  t.server_key.reset(new_key());
  t.server_cert.reset(new_cert(t.server_key.get(), "kube-sim"));
  X509_set_issuer_name(t.server_cert.get(), X509_get_subject_name(ca.get()));
  add_ext(t.server_cert.get(), ca.get(), NID_basic_constraints, "critical,CA:FALSE");
  add_ext(t.server_cert.get(), ca.get(), NID_key_usage, "critical,digitalSignature,keyEncipherment");
  add_ext(t.server_cert.get(), ca.get(), NID_ext_key_usage, "serverAuth");
  add_ext(t.server_cert.get(), ca.get(), NID_authority_key_identifier, "keyid:always");
  std::string san = "IP:" + ip + ",DNS:localhost,DNS:kubernetes.default.svc";
  add_ext(t.server_cert.get(), ca.get(), NID_subject_alt_name, san.c_str());
  check(X509_sign(t.server_cert.get(), ca_key.get(), EVP_sha256()) > 0, "server signature");

  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
  check(PEM_write_bio_X509(bio.get(), ca.get()) == 1, "CA PEM");
  char* data = nullptr;
  long len = BIO_get_mem_data(bio.get(), &data);
  t.ca_pem.assign(data, static_cast<std::size_t>(len));
  return t;
}
}  // namespace kubesim
