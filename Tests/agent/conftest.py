# The large suite is a subject of the tests, not part of them: it runs only under the agent.
collect_ignore = ["large-suite"]
