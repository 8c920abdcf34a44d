namespace FhirChain.FhirApi.Tests.Search;

/// <summary>
/// One dedicated server per database holding Data/combo-fixture.json: Observations whose codes and
/// values sit on the Observation, on its components or on both (a panel with component values, a
/// single value, a coded value, data absent on the Observation and on a component, a value and a
/// component value under different codes), for the <c>combo-*</c> parameters.
/// </summary>
public sealed class ComboFixture() : BundleFileFixture("combo-fixture.json");
