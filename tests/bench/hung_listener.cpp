// hung_listener: a peer that accepts TCP connections and never answers (a hung provisioner, for `scripts/bench
// hung`). Every accepted connection is kept open and whatever it sends is read and discarded, so a client sees an
// established connection whose reply never comes. Logs "listening host=127.0.0.1 port=N" on stdout; on SIGTERM or
// SIGINT prints {"accepted": N, "bytes_read": N} and exits.
//
//   hung_listener --port 0
#include <CLI/CLI.hpp>
#include <boost/asio.hpp>
#include <iostream>
#include <list>

namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

class Hung {
 public:
  Hung(net::io_context& io, const tcp::endpoint& ep) : acceptor_(io, ep) {}
  unsigned short port() const { return acceptor_.local_endpoint().port(); }
  void accept() {
    acceptor_.async_accept([this](boost::system::error_code ec, tcp::socket s) {
      if (ec) return;
      ++accepted_;
      conns_.push_back({std::move(s), {}});
      drain(std::prev(conns_.end()));
      accept();
    });
  }
  std::uint64_t accepted() const { return accepted_; }
  std::uint64_t bytes_read() const { return bytes_; }

 private:
  struct Conn {
    tcp::socket sock;
    std::array<char, 4096> buf;
  };
  void drain(std::list<Conn>::iterator c) {
    c->sock.async_read_some(net::buffer(c->buf), [this, c](boost::system::error_code ec, std::size_t n) {
      if (ec) {  // the client gave up: forget the connection
        conns_.erase(c);
        return;
      }
      bytes_ += n;
      drain(c);
    });
  }

  tcp::acceptor acceptor_;
  std::list<Conn> conns_;
  std::uint64_t accepted_ = 0, bytes_ = 0;
};

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"hung_listener: accepts TCP connections and never answers"};
  unsigned short port = 0;
  app.add_option("--port", port, "port on 127.0.0.1 (0: any free one)")->capture_default_str();
  CLI11_PARSE(app, argc, argv);
  net::io_context io(1);
  Hung hung(io, tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
  hung.accept();
  net::signal_set signals(io, SIGTERM, SIGINT);
  signals.async_wait([&](boost::system::error_code, int) { io.stop(); });
  std::cout << "hung_listener: listening host=127.0.0.1 port=" << hung.port() << std::endl;
  io.run();
  std::cout << R"({"accepted": )" << hung.accepted() << R"(, "bytes_read": )" << hung.bytes_read() << "}" << std::endl;
  return 0;
}
