using System.Text.Json;
using DriftCatcher.Core.Agent;
using DriftCatcher.Core.Agent.Decisions;
using DriftCatcher.Core.Agent.Policy;
using DriftCatcher.Core.Data;
using Shouldly;

namespace DriftCatcher.Core.Tests.Agent;

public sealed class PolicyLoaderTests
{
    private static string DefaultFile => Path.Combine(AppContext.BaseDirectory, "Agent", "Policies", "default.json");

    [Fact]
    public void DefaultJson_IsTheBuiltInDefault()
    {
        // data/policies/default.json itself, linked into the output by the test project.
        using var fs = File.OpenRead(DefaultFile);
        var loaded = PolicyLoader.Load(fs);
        JsonSerializer.Serialize(loaded, AgentJson.Options).ShouldBe(JsonSerializer.Serialize(DefaultPolicy.Create(), AgentJson.Options));
    }

    [Theory]
    [InlineData("default", PolicyKind.Rules)]
    [InlineData("none", PolicyKind.None)]
    [InlineData("periodic:5", PolicyKind.Periodic)]
    public void BuiltIn_ResolvesNames(string spec, PolicyKind kind) =>
        PolicyLoader.BuiltIn(spec)!.Kind.ShouldBe(kind);

    [Fact]
    public void BuiltIn_UnknownName_IsNullForFileLookup() => PolicyLoader.BuiltIn("my-policy.json").ShouldBeNull();

    [Theory]
    [InlineData("periodic:0")]
    [InlineData("periodic:x")]
    public void BuiltIn_BadPeriodic_ThrowsNamingIt(string spec) =>
        Should.Throw<InputDataException>(() => PolicyLoader.BuiltIn(spec)).Message.ShouldContain("periodic:K");

    [Fact]
    public void UnknownField_IsRejectedWithItsPath()
    {
        var ex = Should.Throw<InputDataException>(() => PolicyLoader.Parse("""{"name":"p","detection":{"persistance_k":2},"rules":[{"id":"a","cause":"concept_drift","action":"retrain"}]}"""));
        ex.Message.ShouldContain("persistance_k");
    }

    [Theory]
    [InlineData("""{"name":"p","detection":{"persistance_k":2}}""", "policy field 'detection.persistance_k' is not a known field, did you mean 'persistence_k'?")]
    [InlineData("""{"name":"p","guards":{"wibble":2}}""", "policy field 'guards.wibble' is not a known field; the fields here are approval_mode, approval_risk, budgeted_actions, cooldown_minutes, daily_budget, risk")]
    [InlineData("""{"name":"p","detection":{"drift_share":NaN}}""", "policy at 'detection.drift_share' (line 1): not a JSON value (NaN, Infinity and unquoted text are not allowed)")]
    [InlineData("""{"name":"p","guards":{"daily_budget":1000000000000}}""", "policy field 'guards.daily_budget' must be an integer from -2147483648 to 2147483647")]
    [InlineData("""{"guards":{"daily_budget":3,"daily_budget":30}}""", "policy field 'guards.daily_budget' is given twice (which one was meant?)")] // the last won silently
    [InlineData("""{"name":"p","detection":{"latency_p95_ms":1e400}}""", "policy field 'detection.latency_p95_ms' must be a finite number (at most 1.7976931348623157E+308 either way)")] // read as infinity: a limit never reached
    [InlineData("""{"name":"p","detection":{"z_critical":-1e400}}""", "policy field 'detection.z_critical' must be a finite number (at most 1.7976931348623157E+308 either way)")]
    [InlineData("""{"name":"p","detection":{"latency_p95_ms":"5"}}""", "policy field 'detection.latency_p95_ms' must be a number")]
    [InlineData("""{"name":"p","detection":{"latency_p95_ms":"Infinity"}}""", "policy field 'detection.latency_p95_ms' must be a number")]
    [InlineData("", "policy: the file is empty (a policy is an object of fields; {} takes every default)")]
    [InlineData("[]", "policy: the document must be an object of policy fields (see docs/policy.md)")]
    [InlineData("\"default\"", "policy: the document must be an object of policy fields (see docs/policy.md)")]
    [InlineData("""{"detection": 5}""", "policy field 'detection' must be an object")]
    [InlineData("""{"guards": [1]}""", "policy field 'guards' must be an object")]
    [InlineData("""{"rules":[{"id":" ","cause":"concept_drift","action":"retrain"}]}""", "policy field 'rules[0].id' must not be empty, got \" \"")]
    public void UnknownFieldsAndValuesThatAreNotJson_GetAPlainMessage(string json, string message) =>
        Should.Throw<InputDataException>(() => PolicyLoader.Parse(json)).Message.ShouldBe(message);

    [Theory]
    [InlineData("""{"rules":[{"id":"a","cause":"concept_drift","action":"retrian"}]}""", "policy field 'rules[0].action' must be an action a rule can start (none, alert, retrain, rollback, fallback, disable, restore, escalate)")]
    [InlineData("""{"rules":[{"id":"a","cause":"conept_drift","action":"retrain"}]}""", "policy field 'rules[0].cause' must be one of none, data_quality, covariate_drift, ")]
    [InlineData("""{"guards":{"approval_risk":"hihg"}}""", "policy field 'guards.approval_risk' must be one of ")]
    public void AMisspeltEnumValue_ListsTheValues(string json, string start)
    {
        // Before: "must be an object", for a word that only had a letter out of place.
        var message = Should.Throw<InputDataException>(() => PolicyLoader.Parse(json)).Message;
        message.ShouldStartWith(start);
        message.ShouldNotContain("DriftCatcher.");
    }

    [Fact]
    public void OutOfRange_NamesTheField()
    {
        var ex = Should.Throw<InputDataException>(() => PolicyLoader.Parse("""{"name":"p","detection":{"persistence_k":5,"persistence_m":3},"rules":[{"id":"a","cause":"concept_drift","action":"retrain"}]}"""));
        ex.Message.ShouldBe("policy field 'detection.persistence_k' must be between 1 and persistence_m (3), got 5");
    }

    [Theory]
    [InlineData("""{"min_mae_increase":0.2,"critical_mae_increase":0.1}""", "policy field 'detection.critical_mae_increase' must be >= min_mae_increase (0.2), got 0.1")]
    [InlineData("""{"min_mae_increase":0}""", "policy field 'detection.min_mae_increase' must be a number > 0, got 0")]
    [InlineData("""{"regression_error_detector":"ouija"}""", "policy field 'detection.regression_error_detector' must be empty or one of")]
    [InlineData("""{"latency_increase_factor":0.5}""", "policy field 'detection.latency_increase_factor' must be 0 (off) or in (1, 1e6], got 0.5")]
    [InlineData("""{"latency_increase_factor":1}""", "policy field 'detection.latency_increase_factor' must be 0 (off) or in (1, 1e6], got 1")]
    [InlineData("""{"latency_increase_factor":1e7}""", "policy field 'detection.latency_increase_factor' must be 0 (off) or in (1, 1e6], got 1E+07")]
    [InlineData("""{"z_pooled":-1}""", "policy field 'detection.z_pooled' must be a finite number >= 0 (0: off), got -1")]
    [InlineData("""{"baseline_min_rows":-5}""", "policy field 'detection.baseline_min_rows' must be >= 0 (0: baseline_max_batches alone), got -5")]
    public void RegressionKeys_OutOfRange_NameTheField(string detection, string message)
    {
        var ex = Should.Throw<InputDataException>(() => PolicyLoader.Parse($$"""{"name":"p","detection":{{detection}},"rules":[{"id":"a","cause":"concept_drift","action":"retrain"}]}"""));
        ex.Message.ShouldStartWith(message);
    }

    [Fact]
    public void RegressionKeys_Load()
    {
        var p = PolicyLoader.Parse("""{"name":"p","detection":{"min_mae_increase":0.2,"critical_mae_increase":0.5,"regression_error_detector":"cusum"},"rules":[{"id":"a","cause":"concept_drift","action":"retrain"}]}""");
        p.Detection.MinMaeIncrease.ShouldBe(0.2);
        p.Detection.CriticalMaeIncrease.ShouldBe(0.5);
        p.Detection.RegressionErrorDetector.ShouldBe("cusum");
    }

    [Fact]
    public void BadEnum_NamesTheField()
    {
        var ex = Should.Throw<InputDataException>(() => PolicyLoader.Parse("""{"name":"p","rules":[{"id":"a","cause":"gremlins","action":"retrain"}]}"""));
        ex.Message.ShouldContain("rules[0].cause");
    }

    [Fact]
    public void DuplicateRuleIds_AreRejected()
    {
        var ex = Should.Throw<InputDataException>(() => PolicyLoader.Parse("""{"name":"p","rules":[{"id":"a","cause":"concept_drift","action":"retrain"},{"id":"a","cause":"data_quality","action":"fallback"}]}"""));
        ex.Message.ShouldBe("policy field 'rules[1].id' must be unique, got a");
    }

    [Fact]
    public void PartialDocument_TakesDefaultsForTheRest()
    {
        var p = PolicyLoader.Parse("""{"name":"strict","guards":{"approval_mode":true},"rules":[{"id":"a","cause":"concept_drift","action":"alert"}]}""");
        p.Guards.ApprovalMode.ShouldBeTrue();
        p.Detection.PersistenceK.ShouldBe(new DetectionOptions().PersistenceK);
        p.Rules.ShouldHaveSingleItem().Action.ShouldBe(AgentAction.Alert);
    }

    [Fact]
    public void TrialOptions_AreRead()
    {
        var p = PolicyLoader.Parse("""{"name":"p","retrain":{"promotion":"canary","canary_share":0.1,"shadow_batches":3,"canary_batches":4,"trial_margin":0.01,"challenger_every":5,"challenger_losses":1,"challenger_max_every":20},"rules":[{"id":"a","cause":"concept_drift","action":"retrain"}]}""");
        p.Retrain.Promotion.ShouldBe("canary");
        p.Retrain.CanaryShare.ShouldBe(0.1);
        p.Retrain.ShadowBatches.ShouldBe(3);
        p.Retrain.CanaryBatches.ShouldBe(4);
        p.Retrain.TrialMargin.ShouldBe(0.01);
        p.Retrain.ChallengerEvery.ShouldBe(5);
        p.Retrain.ChallengerLosses.ShouldBe(1);
        p.Retrain.ChallengerMaxEvery.ShouldBe(20);
        // Waits: 5 before the first loss, then 10, 20, and the programme ends (40 > 20).
        Enumerable.Range(0, 4).Select(p.Retrain.ChallengerWait).ShouldBe([5, 10, 20, 0]);
        new RetrainOptions().Promotion.ShouldBe("auto");
    }

    [Theory]
    [InlineData("\"promotion\":\"blue-green\"", "policy field 'retrain.promotion' must be one of direct, shadow, canary, auto, got blue-green")]
    [InlineData("\"canary_share\":0", "policy field 'retrain.canary_share' must be between 0 and 1 (exclusive), got 0")]
    [InlineData("\"canary_share\":1.5", "policy field 'retrain.canary_share' must be between 0 and 1 (exclusive), got 1.5")]
    [InlineData("\"shadow_batches\":0", "policy field 'retrain.shadow_batches' must be between 1 and 1000000, got 0")]
    [InlineData("\"canary_batches\":-2", "policy field 'retrain.canary_batches' must be between 1 and 1000000, got -2")]
    [InlineData("\"trial_margin\":-0.1", "policy field 'retrain.trial_margin' must be between 0 and 1, got -0.1")]
    [InlineData("\"challenger_every\":-1", "policy field 'retrain.challenger_every' must be between 0 and 1000000 (0 = off), got -1")]
    [InlineData("\"challenger_losses\":0", "policy field 'retrain.challenger_losses' must be >= 1, got 0")]
    [InlineData("\"challenger_max_every\":-3", "policy field 'retrain.challenger_max_every' must be between 0 and 1000000 (below twice challenger_every, 0 included: challengers end after challenger_losses), got -3")]
    [InlineData("\"recall_versions\":-1", "policy field 'retrain.recall_versions' must be between 0 and 8 (0 = off), got -1")]
    [InlineData("\"recall_versions\":9", "policy field 'retrain.recall_versions' must be between 0 and 8 (0 = off), got 9")]
    [InlineData("\"recency_half_life\":-1", "policy field 'retrain.recency_half_life' must be a number >= 0 (0 = off), got -1")]
    [InlineData("\"short_min_rows\":5000", "policy field 'retrain.short_min_rows' must be between 0 and min_rows (2000), got 5000")]
    public void BadTrialOption_NamesTheKey(string field, string message)
    {
        var ex = Should.Throw<InputDataException>(() => PolicyLoader.Parse($$"""{"name":"p","retrain":{{{field}}},"rules":[{"id":"a","cause":"concept_drift","action":"retrain"}]}"""));
        ex.Message.ShouldBe(message);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(1)]
    public void LastingFaultBatches_IsZeroOrAtLeastTwo(int value) =>
        Should.Throw<InputDataException>(() => PolicyLoader.Parse($$$"""{"name":"p","verification":{"lasting_fault_batches":{{{value}}}}}"""))
            .Message.ShouldBe($"policy field 'verification.lasting_fault_batches' must be 0 (never told) or between 2 (a fault's first batch is answered by its fallback and alert) and 1000000, got {value}");

    /// <summary>
    /// Counts and spans beyond any real use overflowed the agent's arithmetic: persistence_m 2147483647 ("Offset and
    /// length were out of bounds"), a retrain cooldown of 1.6e10 minutes ("TimeSpan overflowed"), both exit 1 in the CLI.
    /// </summary>
    [Theory]
    [InlineData("""{"detection":{"persistence_m":2147483647}}""", "policy field 'detection.persistence_m' must be between 1 and 1000 (the batches the agent keeps to judge persistence), got 2147483647")]
    [InlineData("""{"guards":{"cooldown_minutes":{"retrain":1.6e10}}}""", "policy field 'guards.cooldown_minutes.retrain' must be between 0 and 10000000 (about 19 years), got 1.6E+10")]
    [InlineData("""{"detection":{"max_arrival_delay_minutes":1e12}}""", "policy field 'detection.max_arrival_delay_minutes' must be > 0 and at most 10000000 (about 19 years), got 1E+12")]
    [InlineData("""{"retrain":{"window_batches":2147483647}}""", "policy field 'retrain.window_batches' must be between 1 and 1000000, got 2147483647")]
    [InlineData("""{"verification":{"max_wait_batches":2000000}}""", "policy field 'verification.max_wait_batches' must be >= window_batches (2) and at most 1000000, got 2000000")]
    public void CountsAndSpansBeyondAnyUse_AreRefused(string json, string message) =>
        Should.Throw<InputDataException>(() => PolicyLoader.Parse(json)).Message.ShouldBe(message);

    [Fact]
    public void TheLargestCountsAndSpans_Load()
    {
        var policy = PolicyLoader.Parse("""{"detection":{"persistence_m":1000,"persistence_k":1000,"max_arrival_delay_minutes":1e7},"guards":{"cooldown_minutes":{"retrain":1e7}},"retrain":{"window_batches":1000000}}""");
        policy.Detection.PersistenceM.ShouldBe(PolicyLoader.MaxPersistence);
        policy.Retrain.WindowBatches.ShouldBe(PolicyLoader.MaxBatches);
    }

    [Theory]
    [InlineData("\"mae_window_batches\":0", "policy field 'verification.mae_window_batches' must be between 1 and 1000000, got 0")]
    [InlineData("\"mae_window_batches\":13", "policy field 'verification.max_wait_batches' must be >= mae_window_batches (13), got 12")]
    public void MaeWindowBatches_IsAtLeastOne_AndWithinTheWait(string field, string message) =>
        Should.Throw<InputDataException>(() => PolicyLoader.Parse($$$"""{"name":"p","verification":{{{{field}}}}}"""))
            .Message.ShouldBe(message);

    [Fact]
    public void MaeWindowBatches_IsRead_AndJudgesRegressionModelsOnly()
    {
        var v = PolicyLoader.Parse("""{"name":"p","verification":{"mae_window_batches":3}}""").Verification;
        v.MaeWindowBatches.ShouldBe(3);
        (v.JudgedBatches(regression: true), v.JudgedBatches(regression: false)).ShouldBe((3, 2));
        var d = DefaultPolicy.Create().Verification;
        (d.JudgedBatches(regression: true), d.JudgedBatches(regression: false)).ShouldBe((1, 2));
    }

    [Fact]
    public void RulesLeftOut_TakeTheDefaultRules_AsDocumented() =>
        PolicyLoader.Parse("""{"name":"mine","guards":{"daily_budget":3}}""").Rules.ShouldBe(DefaultPolicy.Rules);

    [Theory]
    [InlineData("""{"name":"p","rules":[{"id":"x"}]}""", "policy field 'rules[0]' must give 'cause', 'action'")]
    [InlineData("""{"name":"p","rules":[{"id":"x","cause":"concept_drift"}]}""", "policy field 'rules[0]' must give 'action'")]
    [InlineData("""{"name":"p","rules":null}""", "policy field 'rules' must not be null")]
    [InlineData("""{"name":"p","guards":{"cooldown_minutes":null}}""", "policy field 'guards.cooldown_minutes' must not be null")]
    public void ARuleWithoutCauseOrAction_OrANullField_IsRefusedNamingIt(string json, string message) =>
        Should.Throw<InputDataException>(() => PolicyLoader.Parse(json)).Message.ShouldBe(message);
}
