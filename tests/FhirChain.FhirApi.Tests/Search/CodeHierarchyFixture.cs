namespace FhirChain.FhirApi.Tests.Search;

/// <summary>
/// One server per database holding Data/code-hierarchy.json (hand-made): a CodeSystem whose is-a
/// hierarchy comes from nested concepts and from parent/child properties, two CodeSystems whose
/// hierarchy cannot be used (part-of, a fragment), and Conditions coded in them, in another system
/// with the same codes, and in SNOMED CT (not stored).
/// </summary>
public sealed class CodeHierarchyFixture() : BundleFileFixture("code-hierarchy.json");
