"""A plan's milestones on a timeline: a server-drawn Gantt chart and the same data as a table."""
