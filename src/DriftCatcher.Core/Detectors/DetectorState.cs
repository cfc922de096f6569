using System.Text.Json.Serialization;

namespace DriftCatcher.Core.Detectors;

/// <summary>
/// The complete, serializable state of a change detector (its options included). It round-trips
/// through System.Text.Json; the "detector" property names the concrete kind.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "detector")]
[JsonDerivedType(typeof(AdwinState), ChangeDetectors.Adwin)]
[JsonDerivedType(typeof(DdmState), ChangeDetectors.Ddm)]
[JsonDerivedType(typeof(EddmState), ChangeDetectors.Eddm)]
[JsonDerivedType(typeof(HddmAState), ChangeDetectors.HddmA)]
[JsonDerivedType(typeof(HddmWState), ChangeDetectors.HddmW)]
[JsonDerivedType(typeof(KswinState), ChangeDetectors.Kswin)]
[JsonDerivedType(typeof(PageHinkleyState), ChangeDetectors.PageHinkley)]
[JsonDerivedType(typeof(CusumState), ChangeDetectors.Cusum)]
public abstract record DetectorState;
