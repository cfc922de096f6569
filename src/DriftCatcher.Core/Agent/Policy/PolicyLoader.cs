using System.Text.Json;
using DriftCatcher.Core.Agent.Decisions;
using DriftCatcher.Core.Data;

namespace DriftCatcher.Core.Agent.Policy;

/// <summary>
/// Reads a policy document (JSON, snake_case, comments allowed; or YAML with the same fields) and validates it. Any problem throws
/// <see cref="InputDataException"/> naming the field, e.g. "policy field 'detection.persistence_k' must be
/// between 1 and persistence_m (3), got 0".
/// </summary>
public static class PolicyLoader
{
    /// <summary>The most earlier versions a recovery retrain may ask the host to recall (each is scored on the held-out rows).</summary>
    public const int MaxRecallVersions = 8;

    /// <summary>What a rule's action may be (a trial, a promotion and the records of a rejected or waiting action follow from these).</summary>
    private const string RuleActions = "an action a rule can start (none, alert, retrain, rollback, fallback, disable, restore, escalate)";

    /// <summary>
    /// Resolves a built-in policy name: "default", "none" or "periodic:K". Returns null for anything else
    /// (the caller treats it as a file name).
    /// </summary>
    public static AgentPolicy? BuiltIn(string spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Equals("default", StringComparison.OrdinalIgnoreCase))
        {
            return DefaultPolicy.Create();
        }

        if (spec.Equals("none", StringComparison.OrdinalIgnoreCase))
        {
            return AgentPolicy.NoAction;
        }

        if (spec.StartsWith("periodic:", StringComparison.OrdinalIgnoreCase))
        {
            var k = spec["periodic:".Length..];
            if (!int.TryParse(k, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var every) || every < 1)
            {
                throw new InputDataException($"policy 'periodic:K' needs a whole number K >= 1, got '{k}'");
            }

            return AgentPolicy.Periodic(every);
        }

        return null;
    }

    public static AgentPolicy Load(Stream json)
    {
        ArgumentNullException.ThrowIfNull(json);
        AgentPolicy? policy;
        try
        {
            policy = JsonSerializer.Deserialize<AgentPolicy>(json, AgentJson.Strict);
        }
        catch (JsonException ex)
        {
            var field = ex.Path?.TrimStart('$', '.');
            if (!string.IsNullOrEmpty(field) && ex.Message.Contains("doesn't allow setting null values", StringComparison.Ordinal))
            {
                throw new InputDataException($"policy field '{field}' must not be null", ex);
            }

            if (!string.IsNullOrEmpty(field) && ex.Message is AgentJson.NotFinite or AgentJson.NotANumber)
            {
                throw new InputDataException($"policy field '{field}' {ex.Message}", ex);
            }

            if (!string.IsNullOrEmpty(field) && ex.Message.StartsWith("Duplicate property", StringComparison.Ordinal))
            {
                throw new InputDataException($"policy field '{field}' is given twice (which one was meant?)", ex);
            }

            const string missing = "was missing required properties including: ";
            var at = ex.Message.IndexOf(missing, StringComparison.Ordinal);
            if (!string.IsNullOrEmpty(field) && at >= 0)
            {
                throw new InputDataException($"policy field '{field}' must give {ex.Message[(at + missing.Length)..].TrimEnd('.')}", ex);
            }

            if (!string.IsNullOrEmpty(field) && JsonTypeNames.Expected(ex.Message) is { } expected)
            {
                // A rule's action lists only what a rule can start, not every action the agent records.
                throw new InputDataException(
                    System.Text.RegularExpressions.Regex.IsMatch(field, @"^rules\[\d+\]\.action$") ? $"policy field '{field}' must be {RuleActions}" : $"policy field '{field}' must be {expected}", ex);
            }

            if (!string.IsNullOrEmpty(field) && UnknownField(ex.Message) is { } known)
            {
                throw new InputDataException($"policy field '{field}' is not a known field{known}", ex);
            }

            if (string.IsNullOrEmpty(field) && JsonTypeNames.Expected(ex.Message) is { } document)
            {
                throw new InputDataException($"policy: the document must be {document} of policy fields (see docs/policy.md)", ex);
            }

            if (ex.Message.Contains("does not contain any JSON tokens", StringComparison.Ordinal))
            {
                throw new InputDataException("policy: the file is empty (a policy is an object of fields; {} takes every default)", ex);
            }

            var where = string.IsNullOrEmpty(field) ? "" : $" at '{field}'";
            var line = ex.LineNumber is { } l ? $" (line {(l + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)})" : "";
            if (ex.Message.Contains("is an invalid start of a value", StringComparison.Ordinal))
            {
                throw new InputDataException($"policy{where}{line}: not a JSON value (NaN, Infinity and unquoted text are not allowed)", ex);
            }

            throw new InputDataException($"policy{where}{line}: {FirstSentence(ex.Message)}", ex);
        }

        if (policy is null)
        {
            throw new InputDataException("policy: the document is empty (null)");
        }

        Validate(policy);
        return policy;
    }

    /// <summary>
    /// Reads a YAML policy document: the same fields, defaults and checks as JSON (see <see cref="PolicyYaml"/>).
    /// </summary>
    public static AgentPolicy LoadYaml(Stream yaml)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        return ParseYaml(PolicyYaml.ReadText(yaml));
    }

    /// <summary>Reads a policy file: YAML for a <c>.yaml</c> or <c>.yml</c> name, JSON otherwise.</summary>
    public static AgentPolicy Load(Stream content, string fileName)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        var extension = Path.GetExtension(fileName);
        return extension.Equals(".yaml", StringComparison.OrdinalIgnoreCase) || extension.Equals(".yml", StringComparison.OrdinalIgnoreCase)
            ? LoadYaml(content)
            : Load(content);
    }

    public static AgentPolicy ParseYaml(string text)
    {
        ArgumentNullException.ThrowIfNull(text);

        // A JSON policy (comments and all) saved under a .yaml name: JSON is what it is. YAML comments start
        // with '#', and a YAML policy is a mapping of names, so '{', '//' or '/*' first means JSON.
        var start = text.TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        if (start.StartsWith('{') || start.StartsWith("//", StringComparison.Ordinal) || start.StartsWith("/*", StringComparison.Ordinal))
        {
            return Parse(text);
        }

        using var json = new MemoryStream(PolicyYaml.ToJson(text));
        return Load(json);
    }

    public static AgentPolicy Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        using var ms = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json));
        return Load(ms);
    }

    /// <summary>Checks every field's range; throws <see cref="InputDataException"/> naming the first bad one.</summary>
    public static void Validate(AgentPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        Require(!string.IsNullOrWhiteSpace(policy.Name), "name", "must not be empty", policy.Name);
        Batches(policy.PeriodicEvery, 1, "periodic_every");
        var d = policy.Detection ?? throw Bad("detection", "is missing", "null");
        Range(d.DriftShare, 0, 1, "detection.drift_share");
        Require(d.PersistenceM >= 1 && d.PersistenceM <= MaxPersistence, "detection.persistence_m", $"must be between 1 and {MaxPersistence} (the batches the agent keeps to judge persistence)", d.PersistenceM);
        Require(d.PersistenceK >= 1 && d.PersistenceK <= d.PersistenceM, "detection.persistence_k", $"must be between 1 and persistence_m ({d.PersistenceM})", d.PersistenceK);
        Batches(d.ClearAfter, 1, "detection.clear_after");
        Range(d.MinAccuracyDrop, 0, 1, "detection.min_accuracy_drop");
        Range(d.MinAccuracyDropLow, 0, d.MinAccuracyDrop, "detection.min_accuracy_drop_low");
        Require(d.MinErrorRatio == 0 || (d.MinErrorRatio > 1 && double.IsFinite(d.MinErrorRatio)), "detection.min_error_ratio", "must be 0 (off) or a finite number > 1", d.MinErrorRatio);
        Range(d.CriticalAccuracyDrop, d.MinAccuracyDrop, 1, "detection.critical_accuracy_drop");
        Require(d.MinMaeIncrease > 0 && double.IsFinite(d.MinMaeIncrease), "detection.min_mae_increase", "must be a number > 0", d.MinMaeIncrease);
        Require(d.CriticalMaeIncrease >= d.MinMaeIncrease && double.IsFinite(d.CriticalMaeIncrease), "detection.critical_mae_increase", $"must be >= min_mae_increase ({d.MinMaeIncrease})", d.CriticalMaeIncrease);
        Require(d.RegressionErrorDetector.Length == 0 || Detectors.ChangeDetectors.Names.Contains(d.RegressionErrorDetector), "detection.regression_error_detector",
            $"must be empty or one of {string.Join(", ", Detectors.ChangeDetectors.Names)}", d.RegressionErrorDetector);
        Require(d.ZWarning > 0, "detection.z_warning", "must be > 0", d.ZWarning);
        Require(d.ZCritical >= d.ZWarning, "detection.z_critical", $"must be >= z_warning ({d.ZWarning})", d.ZCritical);
        Require(d.ZPooled >= 0 && double.IsFinite(d.ZPooled), "detection.z_pooled", "must be a finite number >= 0 (0: off)", d.ZPooled);
        Require(d.MinLabels >= 1, "detection.min_labels", "must be >= 1", d.MinLabels);
        Batches(d.BaselineBatches, 1, "detection.baseline_batches");
        Require(d.BaselineMinRows >= 0, "detection.baseline_min_rows", "must be >= 0 (0: baseline_max_batches alone)", d.BaselineMinRows);
        Require(d.BaselineMaxBatches >= 1 && d.BaselineMaxBatches <= MaxBatches, "detection.baseline_max_batches", $"must be between 1 and {MaxBatches} (a value below baseline_batches means no refinement)", d.BaselineMaxBatches);
        Range(d.EstimatedAccuracyDrop, 0, 1, "detection.estimated_accuracy_drop");
        Require(d.LatencyP95Ms > 0, "detection.latency_p95_ms", "must be > 0", d.LatencyP95Ms);
        Require(d.LatencyIncreaseFactor == 0 || (d.LatencyIncreaseFactor > 1 && d.LatencyIncreaseFactor <= 1e6), "detection.latency_increase_factor", "must be 0 (off) or in (1, 1e6]", d.LatencyIncreaseFactor);
        Range(d.FailureRate, 0, 1, "detection.failure_rate");
        Require(d.MaxArrivalDelayMinutes > 0 && d.MaxArrivalDelayMinutes <= MaxMinutes, "detection.max_arrival_delay_minutes", $"must be > 0 and at most {MaxMinutes} (about 19 years)", d.MaxArrivalDelayMinutes);
        Range(d.FaultShare, 0, 1, "detection.fault_share");
        Range(d.FaultShareWithExcursion, 0, 1, "detection.fault_share_with_excursion");
        Require(d.FaultExcursionRanges >= 0, "detection.fault_excursion_ranges", "must be >= 0", d.FaultExcursionRanges);
        Require(d.ErrorDetector.Length == 0 || Detectors.ChangeDetectors.Names.Contains(d.ErrorDetector), "detection.error_detector",
            $"must be empty or one of {string.Join(", ", Detectors.ChangeDetectors.Names)}", d.ErrorDetector);
        Batches(d.RegressionWindowBatches, 0, "detection.regression_window_batches");

        var r = policy.Retrain ?? throw Bad("retrain", "is missing", "null");
        Batches(r.WindowBatches, 1, "retrain.window_batches");
        Require(r.MinRows >= 1, "retrain.min_rows", "must be >= 1", r.MinRows);
        Require(r.Promotion is "direct" or "shadow" or "canary" or "auto", "retrain.promotion", "must be one of direct, shadow, canary, auto", r.Promotion);
        Require(r.CanaryShare > 0 && r.CanaryShare < 1, "retrain.canary_share", "must be between 0 and 1 (exclusive)", r.CanaryShare);
        Batches(r.ShadowBatches, 1, "retrain.shadow_batches");
        Batches(r.CanaryBatches, 1, "retrain.canary_batches");
        Range(r.TrialMargin, 0, 1, "retrain.trial_margin");
        Require(r.ShortMinRows >= 0 && r.ShortMinRows <= r.MinRows, "retrain.short_min_rows", $"must be between 0 and min_rows ({r.MinRows})", r.ShortMinRows);
        Require(r.ChallengerEvery >= 0 && r.ChallengerEvery <= MaxBatches, "retrain.challenger_every", $"must be between 0 and {MaxBatches} (0 = off)", r.ChallengerEvery);
        Require(double.IsFinite(r.RecencyHalfLife) && r.RecencyHalfLife >= 0, "retrain.recency_half_life", "must be a number >= 0 (0 = off)", r.RecencyHalfLife);
        Require(r.ChallengerLosses >= 1, "retrain.challenger_losses", "must be >= 1", r.ChallengerLosses);
        Require(r.ChallengerMaxEvery >= 0 && r.ChallengerMaxEvery <= MaxBatches, "retrain.challenger_max_every", $"must be between 0 and {MaxBatches} (below twice challenger_every, 0 included: challengers end after challenger_losses)", r.ChallengerMaxEvery);
        Require(r.RecallVersions >= 0 && r.RecallVersions <= MaxRecallVersions, "retrain.recall_versions", $"must be between 0 and {MaxRecallVersions} (0 = off)", r.RecallVersions);

        var v = policy.Verification ?? throw Bad("verification", "is missing", "null");
        Batches(v.WindowBatches, 1, "verification.window_batches");
        Range(v.Tolerance, 0, 1, "verification.tolerance");
        Range(v.MinRecoveredShare, 0, 1, "verification.min_recovered_share");
        Batches(v.MaeWindowBatches, 1, "verification.mae_window_batches");
        Require(v.MaxWaitBatches >= v.WindowBatches && v.MaxWaitBatches <= MaxBatches, "verification.max_wait_batches", $"must be >= window_batches ({v.WindowBatches}) and at most {MaxBatches}", v.MaxWaitBatches);
        Require(v.MaxWaitBatches >= v.MaeWindowBatches, "verification.max_wait_batches", $"must be >= mae_window_batches ({v.MaeWindowBatches})", v.MaxWaitBatches);
        Range(v.RevertMargin, 0, 1, "verification.revert_margin");
        Require(v.PartialsToEscalate >= 1, "verification.partials_to_escalate", "must be >= 1", v.PartialsToEscalate);
        Require(v.RejectionsToEscalate >= 1, "verification.rejections_to_escalate", "must be >= 1", v.RejectionsToEscalate);
        Require(v.FailuresToEscalate >= 1, "verification.failures_to_escalate", "must be >= 1", v.FailuresToEscalate);
        Batches(v.EscalationHoldBatches, 0, "verification.escalation_hold_batches");
        Require(v.LastingFaultBatches is 0 or (>= 2 and <= MaxBatches), "verification.lasting_fault_batches", $"must be 0 (never told) or between 2 (a fault's first batch is answered by its fallback and alert) and {MaxBatches}", v.LastingFaultBatches);

        var g = policy.Guards ?? throw Bad("guards", "is missing", "null");
        Require(g.DailyBudget >= 0, "guards.daily_budget", "must be >= 0", g.DailyBudget);
        foreach (var (action, minutes) in g.CooldownMinutes)
        {
            Require(minutes >= 0 && minutes <= MaxMinutes, $"guards.cooldown_minutes.{Name(action)}", $"must be between 0 and {MaxMinutes} (about 19 years)", minutes);
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < policy.Rules.Count; i++)
        {
            var rule = policy.Rules[i] ?? throw Bad($"rules[{i}]", "is null", "null");
            Require(!string.IsNullOrWhiteSpace(rule.Id), $"rules[{i}].id", "must not be empty", rule.Id);
            Require(ids.Add(rule.Id), $"rules[{i}].id", "must be unique", rule.Id);
            Require(rule.Action is not (AgentAction.RetrainRejected or AgentAction.PendingApproval or AgentAction.Promote or AgentAction.Canary or AgentAction.Shadow),
                $"rules[{i}].action", $"must be {RuleActions}", Name(rule.Action));
            Require(Enum.IsDefined(rule.MinSeverity), $"rules[{i}].min_severity", "must be info, warning or critical", rule.MinSeverity);
        }

        if (policy.Kind == PolicyKind.Rules && policy.Rules.Count == 0)
        {
            throw Bad("rules", "must hold at least one rule when kind is 'rules'", "[]");
        }
    }

    /// <summary>The largest persistence_m: the agent keeps that many batches' summaries in its state.</summary>
    public const int MaxPersistence = 1000;

    /// <summary>The largest count of batches a policy field may hold (a million batches is over a century of hourly ones).</summary>
    public const int MaxBatches = 1_000_000;

    /// <summary>The largest span in minutes a policy field may hold: a cooldown past TimeSpan's range crashed the agent.</summary>
    public const double MaxMinutes = 10_000_000;

    private static void Batches(int value, int min, string field) =>
        Require(value >= min && value <= MaxBatches, field, $"must be between {min} and {MaxBatches}", value);

    private static string Name(AgentAction a) => JsonNamingPolicy.SnakeCaseLower.ConvertName(a.ToString());

    private static void Range(double value, double min, double max, string field) =>
        Require(value >= min && value <= max, field, $"must be between {Fmt(min)} and {Fmt(max)}", value);

    private static void Require(bool ok, string field, string rule, object? value)
    {
        if (!ok)
        {
            throw Bad(field, rule, value);
        }
    }

    /// <summary>
    /// For System.Text.Json's "could not be mapped to any .NET member contained in type 'T'": the fields T has, or
    /// the one a typo most likely meant (", did you mean 'persistence_k'?"); null for any other message.
    /// </summary>
    private static string? UnknownField(string message)
    {
        var at = message.IndexOf("could not be mapped to any .NET member contained in type '", StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }

        var property = message.IndexOf("The JSON property '", StringComparison.Ordinal) is var p and >= 0
            ? message[(p + 19)..message.IndexOf('\'', p + 19)]
            : "";
        var typeName = message[(message.IndexOf('\'', at) + 1)..].TrimEnd('.', '\'');
        var type = typeof(AgentPolicy).Assembly.GetType(typeName);
        if (type is null)
        {
            return "";
        }

        var fields = NameSuggestions.JsonFields(type).Order(StringComparer.Ordinal).ToList();
        return NameSuggestions.NearestJsonField(property, fields) is { } nearest
            ? $", did you mean '{nearest}'?"
            : $"; the fields here are {string.Join(", ", fields)}";
    }

    private static InputDataException Bad(string field, string rule, object? value) =>
        new($"policy field '{field}' {rule}, got {value switch
        {
            double d => Fmt(d),
            string s when string.IsNullOrWhiteSpace(s) => $"\"{s}\"",
            null => "null",
            _ => value.ToString(),
        }}");

    private static string Fmt(double d) => d.ToString("G6", System.Globalization.CultureInfo.InvariantCulture);

    private static string FirstSentence(string message)
    {
        var i = message.IndexOf(". ", StringComparison.Ordinal);
        return (i > 0 ? message[..i] : message).ReplaceLineEndings(" ");
    }
}
