namespace DriftCatcher.Core.Learning;

/// <summary>One algorithm of a <see cref="LearnerCatalog"/>: its name, a learner factory and its predictor reader.</summary>
public sealed record LearnerEntry(string Algorithm, Func<ILearner> Create, Func<BinaryReader, IPredictor> Read);
