// Result<T>: a value or a one-line, user-facing error message. C++20 on g++ 12 has no
// std::expected. Thread-safety: a plain value type; any thread.
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace lectern {

/// A failure that can be shown to a person: one line saying what went wrong and what to do.
struct Error {
    std::string message;
};

inline Error make_error(std::string message) {
    return Error{std::move(message)};
}

template <class T> class [[nodiscard]] Result {
  public:
    Result(T value) : m_value(std::in_place_index<0>, std::move(value)) {}
    Result(Error error) : m_value(std::in_place_index<1>, std::move(error)) {}

    bool ok() const { return m_value.index() == 0; }
    explicit operator bool() const { return ok(); }

    T& value() & { return std::get<0>(m_value); }
    const T& value() const& { return std::get<0>(m_value); }
    T&& value() && { return std::get<0>(std::move(m_value)); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }

    const Error& error() const { return std::get<1>(m_value); }

  private:
    std::variant<T, Error> m_value;
};

template <> class [[nodiscard]] Result<void> {
  public:
    Result() = default;
    Result(Error error) : m_error(std::move(error)), m_ok(false) {}

    bool ok() const { return m_ok; }
    explicit operator bool() const { return ok(); }
    const Error& error() const { return m_error; }

  private:
    Error m_error;
    bool m_ok = true;
};

} // namespace lectern
