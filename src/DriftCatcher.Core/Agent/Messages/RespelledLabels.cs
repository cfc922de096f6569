namespace DriftCatcher.Core.Agent.Messages;

/// <summary>
/// Labels that came written another way than a class the model knows, equal to it only after trimming and
/// case-folding (<c>benign</c>, <c>BENIGN </c> for <c>BENIGN</c>): a fault of the label feed, not a new class. The host,
/// which holds the label strings, recognizes them; the agent never uses them (not for realized performance, not
/// for training) and tells a person.
/// </summary>
/// <param name="Spelling">The label as the feed wrote it.</param>
/// <param name="KnownClass">The class it spells, as the model knows it.</param>
/// <param name="PredictionIds">The predictions these labels are for.</param>
public sealed record RespelledLabels(string Spelling, string KnownClass, IReadOnlyList<string> PredictionIds);
