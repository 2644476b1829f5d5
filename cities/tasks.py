from celery import shared_task

from cities.partitions import partitions_maintain


@shared_task(name="cities.maintain_partitions", acks_late=True, soft_time_limit=600)
def maintain_partitions() -> dict:
    return partitions_maintain().as_dict()
