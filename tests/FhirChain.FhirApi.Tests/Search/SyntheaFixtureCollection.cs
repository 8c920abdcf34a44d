namespace FhirChain.FhirApi.Tests.Search;

[CollectionDefinition(Name)]
public sealed class SyntheaFixtureCollection : ICollectionFixture<SyntheaFixture>
{
    public const string Name = "Synthea fixture";
}
