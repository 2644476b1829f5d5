"""Locks keep two runs apart, outlive no dead holder by more than their time to live, and let a task
delivered again take back its own lock."""

import time

import pytest
from django.conf import settings
from django_redis import get_redis_connection

from cities.locks import LockHeld, held


def _key(name: str) -> str:
    return f"{settings.CACHES['locks']['KEY_PREFIX']}:lock:{name}"


def test_a_held_lock_refuses_a_second_holder():
    with held("job-a"), pytest.raises(LockHeld), held("job-a"):
        pass


def test_a_dead_holders_lock_is_gone_after_its_time_to_live():
    get_redis_connection("locks").set(_key("job-b"), "a-task-whose-worker-died", px=300)
    with pytest.raises(LockHeld), held("job-b"):
        pass
    time.sleep(0.4)
    with held("job-b"):
        pass


def test_the_same_task_delivered_again_takes_its_lock_back():
    get_redis_connection("locks").set(_key("job-c"), "task-42", px=60_000)
    with pytest.raises(LockHeld), held("job-c", holder="task-43"):
        pass
    with held("job-c", holder="task-42"):
        assert get_redis_connection("locks").get(_key("job-c")) == b"task-42"


def test_a_live_holder_keeps_its_lock_past_the_time_to_live():
    with held("job-d", seconds=0.6):
        time.sleep(1.5)
        assert get_redis_connection("locks").exists(_key("job-d"))
    assert not get_redis_connection("locks").exists(_key("job-d"))
