using System.Net;
using FhirChain.FhirApi.Tests.Infrastructure;
using Hl7.Fhir.Model;

namespace FhirChain.FhirApi.Tests.Search;

/// <summary>
/// The Observation <c>combo-*</c> parameters (a code or value on the Observation or on one of its
/// components) over Data/combo-fixture.json: every parameter with prefixes and modifiers, the
/// composites pairing a code with the value of the same element, sorting, counting and a reverse
/// chain, on every database. The expected ids were checked against the server that still indexed
/// combo-* rows of their own.
/// </summary>
public sealed class ComboParameterTests(ComboFixture fixture) : IClassFixture<ComboFixture>
{
    private static readonly string[] All = ["cb-1", "cb-2", "cb-3", "cb-4", "cb-5", "cb-6"];

    public static TheoryData<DatabaseKind, string, string[]> Cases => ForEachDatabase(Table);

    public static TheoryData<DatabaseKind, string, string[]> SortCases => ForEachDatabase(Sorts);

    private static readonly (string Query, string[] Ids)[] Table =
    [
        // combo-code: the Observation's code or a component's
        ("Observation?combo-code=http://loinc.org|8480-6", ["cb-1", "cb-2", "cb-4", "cb-6"]),
        ("Observation?combo-code=85354-9", ["cb-1", "cb-4"]),
        ("Observation?combo-code=http://loinc.org|8867-4,29463-7", ["cb-5", "cb-6"]),
        ("Observation?combo-code=http://loinc.org|", All),
        ("Observation?combo-code=http://snomed.info/sct|8480-6", []),
        ("Observation?combo-code:not=8480-6", ["cb-3", "cb-5"]),
        ("Observation?combo-code:text=systolic", ["cb-1", "cb-2"]),
        ("Observation?combo-code:missing=true", []),
        ("Observation?combo-code:missing=false", All),
        ("Observation?combo-code=8462-4&code=85354-9", ["cb-1"]),

        // combo-value-quantity: every prefix, with and without units
        ("Observation?combo-value-quantity=120", ["cb-2"]),
        ("Observation?combo-value-quantity=gt130", ["cb-1", "cb-6"]),
        ("Observation?combo-value-quantity=ge140", ["cb-1", "cb-6"]),
        ("Observation?combo-value-quantity=lt90", ["cb-6"]),
        ("Observation?combo-value-quantity=le95|http://unitsofmeasure.org|mm[Hg]", ["cb-1"]),
        ("Observation?combo-value-quantity=ne120", ["cb-1", "cb-6"]),
        ("Observation?combo-value-quantity=ap80", ["cb-6"]),
        ("Observation?combo-value-quantity=sa145", ["cb-1"]),
        ("Observation?combo-value-quantity=eb90", ["cb-6"]),
        ("Observation?combo-value-quantity=140|http://unitsofmeasure.org|mm[Hg]", ["cb-6"]),
        ("Observation?combo-value-quantity:missing=true", ["cb-3", "cb-4", "cb-5"]),
        ("Observation?combo-value-quantity:missing=false", ["cb-1", "cb-2", "cb-6"]),

        // combo-value-concept
        ("Observation?combo-value-concept=http://snomed.info/sct|449868002", ["cb-3"]),
        ("Observation?combo-value-concept=8517006", ["cb-4"]),
        ("Observation?combo-value-concept=449868002,8517006", ["cb-3", "cb-4"]),
        ("Observation?combo-value-concept:text=ex", ["cb-4"]),
        ("Observation?combo-value-concept:not=8517006", ["cb-1", "cb-2", "cb-3", "cb-5", "cb-6"]),
        ("Observation?combo-value-concept:missing=false", ["cb-3", "cb-4"]),
        ("Observation?combo-value-concept:missing=true", ["cb-1", "cb-2", "cb-5", "cb-6"]),

        // combo-data-absent-reason
        ("Observation?combo-data-absent-reason=asked-unknown", ["cb-4"]),
        ("Observation?combo-data-absent-reason=http://terminology.hl7.org/CodeSystem/data-absent-reason|not-performed", ["cb-5"]),
        ("Observation?combo-data-absent-reason:not=not-performed", ["cb-1", "cb-2", "cb-3", "cb-4", "cb-6"]),
        ("Observation?combo-data-absent-reason:missing=true", ["cb-1", "cb-2", "cb-3", "cb-6"]),

        // combo-code-value-quantity: the code and the value of the same element
        ("Observation?combo-code-value-quantity=http://loinc.org|8480-6$gt130", ["cb-1", "cb-6"]),
        ("Observation?combo-code-value-quantity=8480-6$120", ["cb-2"]),
        ("Observation?combo-code-value-quantity=8480-6$80", []),
        ("Observation?combo-code-value-quantity=8867-4$80", ["cb-6"]),
        ("Observation?combo-code-value-quantity=8462-4$gt100", []),
        ("Observation?combo-code-value-quantity=8462-4$le95|http://unitsofmeasure.org|mm[Hg]", ["cb-1"]),
        ("Observation?combo-code-value-quantity=8480-6$120,8867-4$80", ["cb-2", "cb-6"]),
        ("Observation?combo-code-value-quantity=85354-9$150", []),
        ("Observation?combo-code-value-quantity:missing=false", ["cb-1", "cb-2", "cb-6"]),

        // combo-code-value-concept
        ("Observation?combo-code-value-concept=http://loinc.org|72166-2$http://snomed.info/sct|449868002", ["cb-3"]),
        ("Observation?combo-code-value-concept=72166-2$8517006", ["cb-4"]),
        ("Observation?combo-code-value-concept=72166-2$449868002,72166-2$8517006", ["cb-3", "cb-4"]),
        ("Observation?combo-code-value-concept=85354-9$8517006", []),
        ("Observation?combo-code-value-concept:missing=false", ["cb-3", "cb-4"]),
        ("Observation?code-value-concept:missing=true", ["cb-1", "cb-2", "cb-4", "cb-5", "cb-6"]),

        // in a reverse chain, and beside the parameters they are made of
        ("Patient?_has:Observation:subject:combo-code=8480-6", ["pat-a", "pat-b", "pat-c"]),
        ("Patient?_has:Observation:subject:combo-value-concept=8517006", ["pat-b"]),
        ("Observation?component-code=8480-6&combo-value-quantity=lt100", ["cb-1", "cb-6"]),
        ("Observation?combo-code=8480-6&combo-value-quantity=gt130&combo-value-concept:missing=true", ["cb-1", "cb-6"]),

        // Patient phonetic: R4 gives it the expression of name
        ("Patient?phonetic=bir", ["pat-b"]),
        ("Patient?phonetic:exact=Cedar", ["pat-c"]),
        ("Patient?phonetic:contains=s", ["pat-a"]),
        ("Patient?phonetic:missing=false", ["pat-a", "pat-b", "pat-c"]),
    ];

    private static readonly (string Query, string[] Ids)[] Sorts =
    [
        // token: the lowest code ascending, the highest descending; ties by id
        ("Observation?_sort=combo-code", ["cb-5", "cb-3", "cb-4", "cb-1", "cb-2", "cb-6"]),
        ("Observation?_sort=-combo-code", ["cb-6", "cb-1", "cb-4", "cb-2", "cb-3", "cb-5"]),

        // quantity in UCUM base units where the unit converts (mm[Hg]; /min does not); no value last
        ("Observation?_sort=combo-value-quantity", ["cb-6", "cb-1", "cb-2", "cb-3", "cb-4", "cb-5"]),
        ("Observation?_sort=-combo-value-quantity", ["cb-1", "cb-6", "cb-2", "cb-3", "cb-4", "cb-5"]),
        ("Observation?combo-code=8480-6&_sort=-combo-value-quantity,_id", ["cb-1", "cb-6", "cb-2", "cb-4"]),
        ("Observation?_sort=combo-data-absent-reason,-_id", ["cb-4", "cb-5", "cb-6", "cb-3", "cb-2", "cb-1"]),
        ("Patient?_sort=-phonetic", ["pat-c", "pat-b", "pat-a"]),
    ];

    [Theory]
    [MemberData(nameof(Cases))]
    public async System.Threading.Tasks.Task Combo_parameters_match_a_code_or_value_of_the_observation_or_its_components(DatabaseKind kind, string query, string[] expected)
    {
        var server = await fixture.GetAsync(kind);
        using var client = server.CreateClient();

        var bundle = await GetAsync(client, $"/fhir/{query}&_count=100");

        bundle.Entry.Where(e => e.Search?.Mode == Bundle.SearchEntryMode.Outcome).ShouldBeEmpty($"{query} ignored a parameter");
        Matches(bundle).Order(StringComparer.Ordinal).ToArray().ShouldBe(expected, query);
        bundle.Total.ShouldBe(expected.Length);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async System.Threading.Tasks.Task Counting_combo_matches_gives_the_number_searched(DatabaseKind kind, string query, string[] expected)
    {
        var server = await fixture.GetAsync(kind);
        using var client = server.CreateClient();

        var bundle = await GetAsync(client, $"/fhir/{query}&_summary=count");

        bundle.Total.ShouldBe(expected.Length, query);
    }

    [Theory]
    [MemberData(nameof(SortCases))]
    public async System.Threading.Tasks.Task Sorting_by_a_combo_parameter_orders_every_page(DatabaseKind kind, string query, string[] expected)
    {
        var server = await fixture.GetAsync(kind);
        using var client = server.CreateClient();

        Matches(await GetAsync(client, $"/fhir/{query}&_count=100")).ShouldBe(expected, query);

        var seen = new List<string>();
        var url = $"/fhir/{query}&_count=2";
        while (url is not null)
        {
            var bundle = await GetAsync(client, url);
            seen.AddRange(Matches(bundle));
            url = bundle.Link.SingleOrDefault(l => l.Relation == "next")?.Url is { } next ? new Uri(next).PathAndQuery : null;
        }

        seen.ToArray().ShouldBe(expected, query);
    }

    private static TheoryData<DatabaseKind, string, string[]> ForEachDatabase((string Query, string[] Ids)[] table)
    {
        var data = new TheoryData<DatabaseKind, string, string[]>();
        foreach (var kind in Databases.Kinds)
        {
            foreach (var (query, ids) in table)
            {
                data.Add(kind, query, ids);
            }
        }

        return data;
    }

    private static async Task<Bundle> GetAsync(HttpClient client, string url)
    {
        using var response = await client.SendFhirAsync(HttpMethod.Get, url);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, url);
        return await response.ReadAsync<Bundle>();
    }

    private static string[] Matches(Bundle bundle) =>
        bundle.Entry.Where(e => e.Search?.Mode == Bundle.SearchEntryMode.Match).Select(e => e.Resource!.Id!).ToArray();
}
