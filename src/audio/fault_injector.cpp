// Implementation of audio/fault_injector.hpp (the sink itself is SimulatedSink in sim_sink.cpp).
#include "audio/fault_injector.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <utility>

namespace lectern::audio {

namespace {

std::string seconds_text(Nanos t) {
    char text[32];
    std::snprintf(text, sizeof text, "%gs", static_cast<double>(t.count()) / 1e9);
    return text;
}

} // namespace

Result<std::vector<PlannedFault>> parse_fault_plan(std::string_view spec) {
    const std::string whole(spec);
    const auto bad = [&] {
        return make_error("unknown fault plan '" + whole +
                          "'; use KIND@SECONDS[,KIND@SECONDS...] with KIND stall, error, unplug "
                          "or unplug*N, e.g. fault:stall@2,unplug@6");
    };
    std::vector<PlannedFault> plan;
    while (!spec.empty()) {
        const auto comma = spec.find(',');
        const std::string_view item = spec.substr(0, comma);
        spec = comma == std::string_view::npos ? std::string_view{} : spec.substr(comma + 1);
        if (comma != std::string_view::npos && spec.empty()) return bad(); // a trailing comma
        const auto at = item.find('@');
        if (at == std::string_view::npos) return bad();
        std::string_view kind = item.substr(0, at);
        const std::string number(item.substr(at + 1));
        PlannedFault fault;
        if (kind.starts_with("unplug*")) {
            const std::string_view n = kind.substr(7);
            const auto [end, ec] =
                std::from_chars(n.data(), n.data() + n.size(), fault.failed_opens);
            if (ec != std::errc{} || end != n.data() + n.size() || fault.failed_opens < 0 ||
                fault.failed_opens > 1000)
                return bad();
            kind = "unplug";
        } else if (kind == "unplug") {
            fault.failed_opens = FaultInjector::kUnplugFailedOpens;
        }
        if (kind == "stall") {
            fault.kind = DeviceFault::stall;
        } else if (kind == "error") {
            fault.kind = DeviceFault::stream_error;
        } else if (kind == "unplug") {
            fault.kind = DeviceFault::unplugged;
        } else {
            return bad();
        }
        // std::from_chars for double is in GCC 11+; strtod would accept "inf" and hex.
        double seconds = 0;
        const char* first = number.data();
        const char* last = first + number.size();
        if (!number.empty() && number.back() == 's') --last;
        const auto [end, ec] = std::from_chars(first, last, seconds);
        if (ec != std::errc{} || end != last || first == last || !(seconds >= 0) || seconds > 86400)
            return bad();
        fault.at = Nanos(static_cast<Nanos::rep>(std::llround(seconds * 1e9)));
        plan.push_back(fault);
    }
    if (plan.empty()) return bad();
    std::stable_sort(plan.begin(), plan.end(),
                     [](const PlannedFault& a, const PlannedFault& b) { return a.at < b.at; });
    return plan;
}

FaultInjector::FaultInjector(std::vector<PlannedFault> plan) : m_plan(std::move(plan)) {
    std::stable_sort(m_plan.begin(), m_plan.end(),
                     [](const PlannedFault& a, const PlannedFault& b) { return a.at < b.at; });
}

void FaultInjector::inject(DeviceFault kind, int failed_opens) {
    std::lock_guard lock(m_mutex);
    m_injected = kind;
    m_injected_failed_opens = kind == DeviceFault::unplugged ? failed_opens : 0;
}

void FaultInjector::hang_opens() {
    std::lock_guard lock(m_mutex);
    m_hang = true;
}

void FaultInjector::release_opens() {
    {
        std::lock_guard lock(m_mutex);
        m_hang = false;
    }
    m_released.notify_all();
}

int FaultInjector::opens() const {
    std::lock_guard lock(m_mutex);
    return m_opens;
}

int FaultInjector::hanging_opens() const {
    std::lock_guard lock(m_mutex);
    return m_hanging;
}

std::string FaultInjector::describe() const {
    std::lock_guard lock(m_mutex);
    std::string out;
    for (const auto& f : m_plan) {
        if (!out.empty()) out += ", ";
        out += to_string(f.kind);
        if (f.kind == DeviceFault::unplugged) out += "*" + std::to_string(f.failed_opens);
        out += "@" + seconds_text(f.at);
    }
    return out.empty() ? "no planned faults" : out;
}

DeviceFault FaultInjector::take_due(Nanos since_first_open) {
    std::lock_guard lock(m_mutex);
    DeviceFault due = DeviceFault::none;
    int failed_opens = 0;
    if (m_injected != DeviceFault::none) {
        due = std::exchange(m_injected, DeviceFault::none);
        failed_opens = m_injected_failed_opens;
    } else if (m_next_planned < m_plan.size() && m_plan[m_next_planned].at <= since_first_open) {
        due = m_plan[m_next_planned].kind;
        failed_opens = m_plan[m_next_planned].failed_opens;
        ++m_next_planned;
    }
    if (due == DeviceFault::unplugged) m_failed_opens_left = failed_opens;
    return due;
}

Result<void> FaultInjector::on_open() {
    std::unique_lock lock(m_mutex);
    ++m_opens;
    ++m_hanging;
    m_released.wait(lock, [&] { return !m_hang; });
    --m_hanging;
    if (m_failed_opens_left > 0) {
        --m_failed_opens_left;
        return make_error("no audio output device found (simulated: unplugged)");
    }
    return {};
}

} // namespace lectern::audio
