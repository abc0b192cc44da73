"""Re-running a failed flow run under its own id, so its finished batches come from Prefect's cache."""

from __future__ import annotations

import asyncio

from prefect.client.orchestration import get_client
from prefect.flow_engine import run_flow
from prefect.states import Scheduled
from prefect.utilities.callables import get_call_parameters, parameters_to_args_kwargs

from flows.pipeline import newstally


class RetryError(Exception):
    """The run cannot be retried."""


async def _scheduled_again(run_id: str):
    async with get_client() as client:
        try:
            flow_run = await client.read_flow_run(run_id)
        except Exception as err:
            raise RetryError(f"flow run {run_id} is not known to this Prefect server ({type(err).__name__})") from err
        await client.set_flow_run_state(flow_run_id=flow_run.id, state=Scheduled(message="newstally retry"), force=True)
        return await client.read_flow_run(flow_run.id)


def retry_run(run_id: str):
    """Run the flow again as the same flow run; returns its final state."""
    flow_run = asyncio.run(_scheduled_again(run_id))
    args, kwargs = parameters_to_args_kwargs(newstally.fn, flow_run.parameters)
    parameters = get_call_parameters(newstally.fn, args, kwargs)
    return run_flow(flow=newstally, flow_run=flow_run, parameters=parameters, return_type="state")
