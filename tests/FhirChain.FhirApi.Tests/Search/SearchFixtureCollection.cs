namespace FhirChain.FhirApi.Tests.Search;

[CollectionDefinition(Name)]
public sealed class SearchFixtureCollection : ICollectionFixture<SearchFixture>
{
    public const string Name = "Search fixture";
}
