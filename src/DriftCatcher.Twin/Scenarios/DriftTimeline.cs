namespace DriftCatcher.Twin.Scenarios;

/// <summary>
/// One timeline of non-overlapping drift events: the concept drifts, or the shifts of one column
/// (then "concept" 0 = unshifted, 1 = shifted). Answers which plan holds at a batch.
/// </summary>
internal sealed class DriftTimeline
{
    private readonly DriftEventSpec[] _events;
    private readonly int _initial;
    private readonly bool _isShift;

    public DriftTimeline(IEnumerable<DriftEventSpec> events, int initial, bool isShift)
    {
        _events = [.. events.OrderBy(e => e.Start)];
        _initial = initial;
        _isShift = isShift;
    }

    public IReadOnlyList<DriftEventSpec> Events => _events;

    public BatchPlan PlanAt(int batch)
    {
        var current = _initial;
        foreach (var e in _events)
        {
            if (batch < e.Start)
            {
                break;
            }

            var active = e.End is null || batch <= e.End;
            var k = batch - e.Start;
            switch (e.Shape)
            {
                case DriftShapes.Sudden:
                    current = active ? TargetOf(e, current) : current;
                    break;
                case DriftShapes.Gradual:
                case DriftShapes.Incremental:
                {
                    var width = e.Width!.Value;
                    var to = TargetOf(e, current);
                    if (k < width)
                    {
                        var mode = e.Shape == DriftShapes.Gradual ? PlanMode.Mix : PlanMode.Blend;
                        return new BatchPlan(mode, current, to, (double)k / width, (double)(k + 1) / width, e.Magnitude ?? 0);
                    }

                    current = active ? to : current;
                    break;
                }

                default:
                {
                    if (active)
                    {
                        var cycle = _isShift ? [1, 0] : e.Concepts!;
                        current = cycle[k / e.Period!.Value % cycle.Count];
                    }

                    break;
                }
            }
        }

        return BatchPlan.Fixed(current);
    }

    private int TargetOf(DriftEventSpec e, int current) => _isShift ? 1 : e.To ?? current;
}
