using System.Net;
using FhirChain.FhirApi.Tests.Infrastructure;
using Hl7.Fhir.Model;

namespace FhirChain.FhirApi.Tests.Search;

/// <summary>
/// Search across types over the fixed data set (25 current resources: 17 in the fixture's first
/// part, obs-deleted removed, and 9 ValueSets): <c>GET [base]?_type=...</c>, without <c>_type</c>,
/// and <c>POST [base]/_search</c>, with the parameters the types share, result parameters, paging
/// and strict/lenient handling.
/// </summary>
[Collection(SearchFixtureCollection.Name)]
public sealed class SystemSearchTests(SearchFixture fixture)
{
    private const int Current = 25;

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
        // parameters for all resources, without _type: every type is searched
        ("_id=pat-1,obs-1,nope", ["Observation/obs-1", "Patient/pat-1"]),
        ("_tag=http://acme.org/tags|vip", ["Patient/pat-1"]),
        ("_security=R", ["Patient/pat-1"]),
        ("_profile:below=http://acme.org/StructureDefinition", ["Patient/pat-1"]),
        ("_source=http://acme.org/source/ehr", ["Patient/pat-1"]),
        ("_text=sailing", ["Patient/pat-1"]),
        ("_content=org-1", ["Organization/org-1", "Patient/pat-2"]),
        ("_list=list-1", ["Patient/pat-1", "Patient/pat-3"]),
        ("_lastUpdated=lt2000-01-01", []),
        ("_id=obs-deleted", []),

        // with _type: the listed types only, and any parameter all of them define
        ("_type=Patient,Observation&_id=pat-1,obs-1,prac-1", ["Observation/obs-1", "Patient/pat-1"]),
        ("_type=Patient,Practitioner&name=jones", ["Practitioner/prac-1"]),
        ("_type=Patient,Practitioner&family=peterson,jones", ["Patient/pat-1", "Practitioner/prac-1"]),
        ("_type=Patient&_type=Practitioner&family=peterson,jones", ["Patient/pat-1", "Practitioner/prac-1"]),
        ("_type=Observation,Condition,RiskAssessment&patient=pat-2", ["Condition/cond-1", "Observation/obs-2", "Observation/obs-4", "RiskAssessment/risk-2"]),
        ("_type=Observation,Condition&subject:Patient.family=eve", ["Condition/cond-1", "Observation/obs-2", "Observation/obs-4"]),
        ("_type=Patient,Practitioner&_has:Observation:performer:code=8480-6", ["Practitioner/prac-1"]),
        ("_type=Observation,Condition&code:in=ValueSet/vs-weight", ["Observation/obs-2", "Observation/obs-3"]),
        ("_type=ValueSet&url=http://acme.org/fhir/ValueSet/bp", ["ValueSet/vs-bp", "ValueSet/vs-bp-2"]),
        ("_type=Patient,Observation&_tag:not=http://acme.org/tags|vip&_id=pat-1,pat-2,obs-1", ["Observation/obs-1", "Patient/pat-2"]),
    ];

    [Theory]
    [MemberData(nameof(Cases))]
    public async System.Threading.Tasks.Task System_search_matches_exactly_the_expected_resources(DatabaseKind kind, string query, string[] expected)
    {
        var bundle = await SearchAsync(kind, $"/fhir?{query}&_count=100");

        bundle.Entry.Where(e => e.Search?.Mode == Bundle.SearchEntryMode.Outcome).ShouldBeEmpty($"?{query} ignored a parameter");
        Ids(bundle, Bundle.SearchEntryMode.Match).ShouldBe(expected.Order(StringComparer.Ordinal).ToArray(), query);
        bundle.Total.ShouldBe(expected.Length);
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Without_parameters_every_current_resource_is_searched(DatabaseKind kind)
    {
        (await SearchAsync(kind, "/fhir?_summary=count")).Total.ShouldBe(Current);
        var all = await SearchAsync(kind, "/fhir");
        all.Type.ShouldBe(Bundle.BundleType.Searchset);
        all.Total.ShouldBe(Current);
        all.Entry.Count.ShouldBe(20);
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Pages_across_types_follow_the_next_links_without_repeats(DatabaseKind kind)
    {
        var seen = new List<string>();
        var url = "/fhir?_type=Patient,Observation&_count=4";
        while (url is not null)
        {
            var page = await SearchAsync(kind, url);
            page.Total.ShouldBe(9);
            page.Entry.Count.ShouldBeLessThanOrEqualTo(4);
            seen.AddRange(page.Entry.Select(e => $"{e.Resource!.TypeName}/{e.Resource.Id}"));
            var self = page.Link.Single(l => l.Relation == "self").Url!;
            new Uri(self).AbsolutePath.ShouldBe("/fhir");
            self.ShouldContain("_type=Patient%2CObservation");
            url = page.Link.SingleOrDefault(l => l.Relation == "next")?.Url is { } next ? new Uri(next).PathAndQuery : null;
        }

        seen.Count.ShouldBe(9);
        seen.Distinct().Count().ShouldBe(9);
        seen.Count(s => s.StartsWith("Patient/", StringComparison.Ordinal)).ShouldBe(3);
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Sort_across_types_uses_a_parameter_every_type_defines(DatabaseKind kind)
    {
        var byFamily = await SearchAsync(kind, "/fhir?_type=Patient,Practitioner&_sort=family");
        Ids(byFamily, Bundle.SearchEntryMode.Match, ordered: false).ShouldBe(["Patient/pat-2", "Practitioner/prac-1", "Patient/pat-1", "Patient/pat-3"]);

        var paged = new List<string>();
        var url = "/fhir?_type=Patient,Practitioner&_sort=-family&_count=3";
        while (url is not null)
        {
            var page = await SearchAsync(kind, url);
            paged.AddRange(Ids(page, Bundle.SearchEntryMode.Match, ordered: false));
            url = page.Link.SingleOrDefault(l => l.Relation == "next")?.Url is { } next ? new Uri(next).PathAndQuery : null;
        }

        paged.ShouldBe(["Patient/pat-3", "Patient/pat-1", "Practitioner/prac-1", "Patient/pat-2"]);
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Includes_and_revincludes_work_across_types(DatabaseKind kind)
    {
        var included = await SearchAsync(kind, "/fhir?_type=Observation,Condition&patient=pat-2&_include=Observation:subject&_include=Condition:subject");
        Ids(included, Bundle.SearchEntryMode.Match).ShouldBe(["Condition/cond-1", "Observation/obs-2", "Observation/obs-4"]);
        Ids(included, Bundle.SearchEntryMode.Include).ShouldBe(["Patient/pat-2"]);

        var revincluded = await SearchAsync(kind, "/fhir?_id=pat-1&_revinclude=Observation:subject");
        Ids(revincluded, Bundle.SearchEntryMode.Include).ShouldBe(["Observation/obs-1", "Observation/obs-3"]);
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Post_search_takes_the_form_body_and_the_url(DatabaseKind kind)
    {
        var server = await fixture.GetAsync(kind);
        using var client = server.CreateClient();
        using var request = FhirHttp.Request(HttpMethod.Post, "/fhir/_search?_count=5", content: new FormUrlEncodedContent([new("_type", "Patient,Practitioner"), new("family", "peterson,jones")]));
        using var response = await client.SendAsync(request);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var bundle = await response.ReadAsync<Bundle>();
        Ids(bundle, Bundle.SearchEntryMode.Match).ShouldBe(["Patient/pat-1", "Practitioner/prac-1"]);
        bundle.Link.Single(l => l.Relation == "self").Url!.ShouldContain("_count=5");
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task A_parameter_not_shared_by_every_type_is_reported_when_lenient_and_refused_when_strict(DatabaseKind kind)
    {
        foreach (var (query, name, matches) in new[] { ("_type=Patient,Observation&gender=male", "gender", 9), ("family=peterson", "family", Current), ("_type=Patient,Observation&_sort=family", "_sort", 9) })
        {
            var lenient = await SearchAsync(kind, $"/fhir?{query}");
            lenient.Total.ShouldBe(matches, query);
            var issue = lenient.Entry.Single(e => e.Search?.Mode == Bundle.SearchEntryMode.Outcome).Resource.ShouldBeOfType<OperationOutcome>().Issue.ShouldHaveSingleItem();
            issue.Expression.ShouldBe([name]);
            lenient.Link.Single(l => l.Relation == "self").Url!.ShouldNotContain(name + "=");

            var server = await fixture.GetAsync(kind);
            using var client = server.CreateClient();
            using var strict = await client.SendFhirAsync(HttpMethod.Get, $"/fhir?{query}", configure: r => r.Headers.Add("Prefer", "handling=strict"));
            strict.StatusCode.ShouldBe(HttpStatusCode.BadRequest, query);
            (await strict.ReadAsync<OperationOutcome>()).Issue.ShouldContain(i => i.Expression.Contains(name), query);
        }

        var withoutType = await SearchAsync(kind, "/fhir?family=peterson");
        withoutType.Entry.Single(e => e.Search?.Mode == Bundle.SearchEntryMode.Outcome).Resource.ShouldBeOfType<OperationOutcome>().Issue[0].Diagnostics!.ShouldContain("_type");
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Bad_types_and_malformed_values_are_a_400_naming_the_parameter(DatabaseKind kind)
    {
        var server = await fixture.GetAsync(kind);
        using var client = server.CreateClient();
        foreach (var (query, name) in new[] { ("_type=Patient,Nope", "_type"), ("_type=", "_type"), ("_lastUpdated=notadate", "_lastUpdated"), ("_type=Observation&date=notadate", "date"), ("_count=x", "_count") })
        {
            using var response = await client.SendFhirAsync(HttpMethod.Get, "/fhir?" + query);
            response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, query);
            (await response.ReadAsync<OperationOutcome>()).Issue.ShouldContain(i => i.Expression.Contains(name), query);
        }
    }

    private async Task<Bundle> SearchAsync(DatabaseKind kind, string url)
    {
        var server = await fixture.GetAsync(kind);
        using var client = server.CreateClient();
        using var response = await client.SendFhirAsync(HttpMethod.Get, url);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, url);
        return await response.ReadAsync<Bundle>();
    }

    private static string[] Ids(Bundle bundle, Bundle.SearchEntryMode mode, bool ordered = true)
    {
        var ids = bundle.Entry.Where(e => e.Search?.Mode == mode).Select(e => $"{e.Resource!.TypeName}/{e.Resource.Id}");
        return ordered ? ids.Order(StringComparer.Ordinal).ToArray() : ids.ToArray();
    }
}
