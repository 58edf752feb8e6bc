from desktop.core.clock import HybridClock, parse_stamp


def test_stamps_never_go_backwards_when_the_wall_clock_does():
    times = iter([1000, 1000, 900, 1100])
    clock = HybridClock(now_ms=lambda: next(times))
    stamps = [clock.tick() for _ in range(4)]
    assert stamps == sorted(stamps) and len(set(stamps)) == 4


def test_observing_a_remote_stamp_moves_past_it():
    clock = HybridClock(now_ms=lambda: 1000)
    remote = HybridClock(now_ms=lambda: 5000).tick()
    clock.observe(remote)
    assert clock.tick() > remote


def test_far_future_flagged():
    clock = HybridClock(now_ms=lambda: 1000)
    future = HybridClock(now_ms=lambda: 1000 + 3 * 24 * 3600 * 1000).tick()
    assert clock.is_far_future(future)
    assert not clock.is_far_future(clock.tick())
    assert parse_stamp(clock.tick())[0] == 1000
