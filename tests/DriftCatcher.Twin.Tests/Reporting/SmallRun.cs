using DriftCatcher.Core.Data;

namespace DriftCatcher.Twin.Tests.Reporting;

/// <summary>
/// A three-batch replay small enough to score by hand. Labels (rows 0..11): a b a b | a a b b | b b b a.
/// Batch 0 (v1): 4 of 4 right. Batch 1 (v1): row 5 abstained, row 6 wrong: 2 of 3. Batch 2: row 8 on v1
/// right (1 of 1), rows 9-11 on v2 all wrong (0 of 3): 1 of 4. Overall 7 of 11 answered rows; the two
/// incidents span batches 1-2, so 3 of 7 there. v2 serves most of batch 2: one model change.
/// </summary>
internal static class SmallRun
{
    public const double MeanAccuracy = 7.0 / 11.0;
    public const double IncidentAccuracy = 3.0 / 7.0;

    public const string ScriptReason = "accuracy fell <script>alert(1)</script> & \"quoted\"";

    public const string Predictions = """
        batch,row,prediction,served_version
        0,0,a,v1
        0,1,b,v1
        0,2,a,v1
        0,3,b,v1
        1,4,a,v1
        1,5,,v1
        1,6,a,v1
        1,7,b,v1
        2,8,b,v1
        2,9,a,v2
        2,10,a,v2
        2,11,b,v2

        """;

    public static readonly string Actions = string.Join('\n',
        """{"batch":1,"action":"alert","reason":"accuracy fell <script>alert(1)</script> & \"quoted\"","version_before":"v1","version_after":"v1","training_batches":null}""",
        """{"batch":2,"action":"retrain","reason":"drift persisted","version_before":"v1","version_after":"v2","training_batches":[0,1]}""",
        """{"batch":2,"action":"escalate","reason":"still below the floor"}""") + "\n";

    public static readonly string Decisions = string.Join('\n',
        """{"batch":0,"time":"2026-01-01T00:00:00Z","served_version":"v1","mode":"champion","findings":[],"metrics":{"rows":4,"accuracy_realized":null,"accuracy_estimated":0.9,"share_drifted":0.0,"max_psi":0.02,"mean_confidence":0.88,"latency_p95_ms":3.5,"failure_rate":0},"assessment":{"cause":null,"severity":"none","persistent":false},"rule":"steady","action":null,"alternatives":[],"incident_id":null,"verification":null}""",
        """{"batch":1,"time":"2026-01-01T00:10:00Z","served_version":"v1","mode":"champion","findings":[{"kind":"feature_drift","severity":"warning","code":"psi_drift","subject":"x","message":"PSI 0.31 > 0.25 & rising","evidence":{"psi":0.31,"threshold":0.25}}],"metrics":{"rows":4,"accuracy_realized":1.0,"accuracy_estimated":0.7,"share_drifted":0.5,"max_psi":0.31,"mean_confidence":0.7},"assessment":{"cause":"covariate_shift","severity":"warning","persistent":false},"rule":"drift_alert","action":"alert","alternatives":[{"action":"retrain","rejected_because":"fewer than 50 labels <yet>"}],"incident_id":"inc-1","verification":{"status":"passed","baseline":0.9,"observed":0.88,"window":2}}""",
        """{"batch":2,"time":"2026-01-01T00:20:00Z","served_version":"v2","mode":"champion","findings":[{"kind":"performance_drop","severity":"critical","code":"accuracy_drop","subject":"model","message":"accuracy 0.25 below 0.8","evidence":{}}],"metrics":{"rows":4,"accuracy_realized":0.67,"accuracy_estimated":0.5,"share_drifted":1.0,"max_psi":0.6,"mean_confidence":0.55},"assessment":{"cause":"concept_drift","severity":"critical","persistent":true},"rule":"escalate_when_retrain_fails","action":"escalate","alternatives":[],"incident_id":"inc-2","verification":null}""") + "\n";

    /// <summary>The stream: label column "y" and one feature.</summary>
    public static DataFrame Stream() => new(
    [
        Column.Numeric("x", [.. Enumerable.Range(0, 12).Select(i => (double)i)]),
        Column.Categorical("y", ["a", "b", "a", "b", "a", "a", "b", "b", "b", "b", "b", "a"]),
    ]);

    public static RunDir Write() => new RunDir()
        .File("predictions.csv", Predictions)
        .File("actions.jsonl", Actions)
        .File("decisions.jsonl", Decisions)
        .File("run.json", """{"scenario":"tiny-shift","policy":"balanced","algorithm":"gbt","label_delay":1,"drift_onset":1}""");
}
