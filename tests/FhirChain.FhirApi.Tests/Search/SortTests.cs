using System.Net;
using FhirChain.FhirApi.Tests.Infrastructure;
using Hl7.Fhir.Model;

namespace FhirChain.FhirApi.Tests.Search;

/// <summary>
/// <c>_sort</c> over the fixed data set: each row is a query and the exact order of its matches
/// (multi-key, <c>-</c> for descending, missing values last in both directions), read in one page
/// and again page by page through the <c>next</c> cursors, on every database.
/// </summary>
[Collection(SearchFixtureCollection.Name)]
public sealed class SortTests(SearchFixture fixture)
{
    public static TheoryData<DatabaseKind, string, string[]> Cases
    {
        get
        {
            var data = new TheoryData<DatabaseKind, string, string[]>();
            foreach (var kind in Databases.Kinds)
            {
                foreach (var (query, ids) in Table)
                {
                    data.Add(kind, query, ids);
                }
            }

            return data;
        }
    }

    private static readonly (string Query, string[] Ids)[] Table =
    [
        // string (case and accent folded: Ève sorts as eve)
        ("Patient?_sort=family", ["pat-2", "pat-1", "pat-3"]),
        ("Patient?_sort=-family", ["pat-3", "pat-1", "pat-2"]),

        // date: pat-3 has no birthdate and comes last both ways
        ("Patient?_sort=birthdate", ["pat-1", "pat-2", "pat-3"]),
        ("Patient?_sort=-birthdate", ["pat-2", "pat-1", "pat-3"]),

        // token then date, descending
        ("Patient?_sort=gender,-birthdate", ["pat-2", "pat-3", "pat-1"]),
        ("Patient?_sort=-gender,birthdate", ["pat-1", "pat-2", "pat-3"]),

        // date of Observations: ascending by the earliest instant, descending by the latest
        // (obs-4 is the whole day 2024-03-05, obs-1 10:00 that day)
        ("Observation?_sort=date", ["obs-6", "obs-5", "obs-3", "obs-4", "obs-1", "obs-2"]),
        ("Observation?_sort=-date", ["obs-2", "obs-4", "obs-1", "obs-3", "obs-5", "obs-6"]),

        // quantity in UCUM base units (mm[Hg] -> Pa, g and [lb_av] -> g); obs-4 and obs-5 have none
        ("Observation?_sort=value-quantity", ["obs-6", "obs-1", "obs-2", "obs-3", "obs-4", "obs-5"]),
        ("Observation?_sort=-value-quantity", ["obs-3", "obs-2", "obs-1", "obs-6", "obs-4", "obs-5"]),

        // token, then date descending within equal codes
        ("Observation?_sort=code,-date", ["obs-2", "obs-3", "obs-5", "obs-1", "obs-6", "obs-4"]),
        ("Observation?_sort=status,_id", ["obs-1", "obs-2", "obs-4", "obs-5", "obs-6", "obs-3"]),

        // reference: Patient/pat-1 < Patient/pat-2; obs-6 refers by identifier only (missing)
        ("Observation?_sort=subject,-_id", ["obs-3", "obs-1", "obs-4", "obs-2", "obs-5", "obs-6"]),

        // _id and criteria with sort
        ("Observation?_sort=-_id", ["obs-6", "obs-5", "obs-4", "obs-3", "obs-2", "obs-1"]),
        ("Observation?code=http://loinc.org|8480-6,29463-7&_sort=-value-quantity", ["obs-3", "obs-2", "obs-1", "obs-6"]),
    ];

    [Theory]
    [MemberData(nameof(Cases))]
    public async System.Threading.Tasks.Task Sorted_results_come_in_the_expected_order(DatabaseKind kind, string query, string[] expected)
    {
        var server = await fixture.GetAsync(kind);
        using var client = server.CreateClient();

        var bundle = await GetAsync(client, $"/fhir/{query}&_count=100");
        Matches(bundle).ShouldBe(expected, query);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async System.Threading.Tasks.Task Sorted_pages_followed_by_cursor_give_the_same_order(DatabaseKind kind, string query, string[] expected)
    {
        var server = await fixture.GetAsync(kind);
        using var client = server.CreateClient();

        var seen = new List<string>();
        var url = $"/fhir/{query}&_count=2";
        var pages = 0;
        while (url is not null)
        {
            var bundle = await GetAsync(client, url);
            bundle.Total.ShouldBe(expected.Length);
            seen.AddRange(Matches(bundle));
            url = bundle.Link.SingleOrDefault(l => l.Relation == "next")?.Url is { } next ? new Uri(next).PathAndQuery : null;
            url?.ShouldContain("_cursor=");
            pages++;
        }

        seen.ToArray().ShouldBe(expected, query);
        pages.ShouldBe((expected.Length + 1) / 2);
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Offset_skips_rows_in_the_sorted_order_and_next_continues_after_the_page(DatabaseKind kind)
    {
        var server = await fixture.GetAsync(kind);
        using var client = server.CreateClient();

        var page = await GetAsync(client, "/fhir/Observation?_sort=date&_count=2&_offset=3");
        Matches(page).ShouldBe(["obs-4", "obs-1"]);
        page.Link.Single(l => l.Relation == "self").Url!.ShouldContain("_offset=3");
        var next = await GetAsync(client, new Uri(page.Link.Single(l => l.Relation == "next").Url!).PathAndQuery);
        Matches(next).ShouldBe(["obs-2"]);
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task A_cursor_from_another_order_is_a_400(DatabaseKind kind)
    {
        var server = await fixture.GetAsync(kind);
        using var client = server.CreateClient();

        var page = await GetAsync(client, "/fhir/Observation?_sort=date&_count=2");
        var cursor = new Uri(page.Link.Single(l => l.Relation == "next").Url!).Query.Split('&').Single(p => p.StartsWith("_cursor=", StringComparison.Ordinal));
        using var response = await client.SendFhirAsync(HttpMethod.Get, $"/fhir/Observation?_sort=-date&_count=2&{cursor}");
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.ReadAsync<OperationOutcome>()).Issue.ShouldContain(i => i.Expression.Contains("_cursor"));
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Sort_by_an_unknown_parameter_is_reported_when_lenient_and_refused_when_strict(DatabaseKind kind)
    {
        var server = await fixture.GetAsync(kind);
        using var client = server.CreateClient();

        var lenient = await GetAsync(client, "/fhir/Patient?_sort=nonsense,family");
        Matches(lenient).ShouldBe(["pat-2", "pat-1", "pat-3"]);
        lenient.Entry.Single(e => e.Search?.Mode == Bundle.SearchEntryMode.Outcome).Resource.ShouldBeOfType<OperationOutcome>().Issue.Single().Diagnostics!.ShouldContain("nonsense");
        lenient.Link.Single(l => l.Relation == "self").Url!.ShouldContain("_sort=family&");

        using var strict = await client.SendFhirAsync(HttpMethod.Get, "/fhir/Patient?_sort=nonsense", configure: r => r.Headers.Add("Prefer", "handling=strict"));
        strict.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await strict.ReadAsync<OperationOutcome>()).Issue.ShouldContain(i => i.Diagnostics!.Contains("nonsense"));
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
