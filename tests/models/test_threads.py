"""Threads that follow the machine: fewer while other programs keep cores busy."""
from __future__ import annotations

import os
from types import SimpleNamespace

from reader.models import fit
from reader.models.fit import CpuMeter, threads_beside


def test_threads_leave_the_cores_other_programs_hold():
    assert threads_beside(None, 2, cpus=2) == 2            # nothing measured: as configured
    assert threads_beside(0.1, 2, cpus=2) == 2             # background noise
    assert threads_beside(0.9, 2, cpus=2) == 1             # one busy program on two cores
    assert threads_beside(2.0, 2, cpus=2) == 1             # never below one
    assert threads_beside(1.0, 4, cpus=8) == 4             # cores to spare: the default stands


def test_the_meter_counts_other_programs_time_not_its_own(tmp_path, monkeypatch):
    stat = tmp_path / "stat"
    clock = {"now": 100.0, "own": 10.0}
    monkeypatch.setattr(fit.time, "monotonic", lambda: clock["now"])
    monkeypatch.setattr(fit.os, "times", lambda: SimpleNamespace(user=clock["own"], system=0.0))
    tick = os.sysconf("SC_CLK_TCK")

    def write(busy_seconds: float) -> None:
        jiffies = int(busy_seconds * tick)
        stat.write_text(f"cpu  {jiffies} 0 0 5000 0 0 0 0 0 0\ncpu0 0 0 0 0 0 0 0 0 0 0\n")

    write(50.0)
    meter = CpuMeter(stat)
    # two seconds later the machine spent 3.6 s of CPU, 2 s of them this process's: 0.8 core others
    clock["now"], clock["own"] = 102.0, 12.0
    write(53.6)
    assert abs(meter.others() - 0.8) < 0.02
    assert meter.others() is None                          # no time has passed since
    assert CpuMeter(tmp_path / "absent").others() is None  # no /proc/stat: no measure
