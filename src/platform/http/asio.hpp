// The one include of Boost.Asio/Beast: Boost 1.74 Asio needs <utility> before it under g++ 12
// with -std=c++20 (std::exchange), see ../shared/reference/toolchain.md.
#pragma once

#include <utility>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
