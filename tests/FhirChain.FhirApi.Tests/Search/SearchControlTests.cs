using System.Net;
using FhirChain.FhirApi.Tests.Infrastructure;
using Hl7.Fhir.Model;

namespace FhirChain.FhirApi.Tests.Search;

/// <summary>Result parameters over the fixed data set: _summary, _elements, _include, _revinclude, _total, paging, compartments, $everything, handling.</summary>
[Collection(SearchFixtureCollection.Name)]
public sealed class SearchControlTests(SearchFixture fixture)
{
    private async Task<Bundle> SearchAsync(DatabaseKind kind, string url, Action<HttpRequestMessage>? configure = null)
    {
        var server = await fixture.GetAsync(kind);
        using var client = server.CreateClient();
        using var response = await client.SendFhirAsync(HttpMethod.Get, url, configure: configure);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, url);
        return await response.ReadAsync<Bundle>();
    }

    private static string[] Ids(Bundle bundle, Bundle.SearchEntryMode mode) =>
        bundle.Entry.Where(e => e.Search?.Mode == mode).Select(e => $"{e.Resource!.TypeName}/{e.Resource.Id}").Order(StringComparer.Ordinal).ToArray();

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Summary_count_gives_the_total_without_entries(DatabaseKind kind)
    {
        var bundle = await SearchAsync(kind, "/fhir/Observation?code=http://loinc.org|&_summary=count");
        bundle.Total.ShouldBe(6);
        bundle.Entry.ShouldBeEmpty();
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Summary_and_elements_shape_each_entry_and_mark_it_subsetted(DatabaseKind kind)
    {
        var summary = await SearchAsync(kind, "/fhir/Patient?_id=pat-1&_summary=true");
        var patient = summary.Entry.Single().Resource.ShouldBeOfType<Patient>();
        patient.Text.ShouldBeNull();
        patient.Name.ShouldNotBeEmpty();
        patient.Meta!.Tag.ShouldContain(t => t.Code == "SUBSETTED");
        summary.Link.ShouldContain(l => l.Relation == "self");

        var elements = await SearchAsync(kind, "/fhir/Patient?_id=pat-1&_elements=gender");
        var shaped = elements.Entry.Single().Resource.ShouldBeOfType<Patient>();
        shaped.Gender.ShouldBe(AdministrativeGender.Male);
        shaped.Name.ShouldBeEmpty();
        shaped.BirthDate.ShouldBeNull();
        elements.Total.ShouldBe(1);

        var data = await SearchAsync(kind, "/fhir/Patient?_id=pat-1&_summary=data");
        data.Entry.Single().Resource.ShouldBeOfType<Patient>().Text.ShouldBeNull();
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Include_and_revinclude_add_the_linked_resources(DatabaseKind kind)
    {
        var include = await SearchAsync(kind, "/fhir/Observation?_id=obs-1&_include=Observation:subject");
        Ids(include, Bundle.SearchEntryMode.Match).ShouldBe(["Observation/obs-1"]);
        Ids(include, Bundle.SearchEntryMode.Include).ShouldBe(["Patient/pat-1"]);

        var typed = await SearchAsync(kind, "/fhir/Observation?_id=obs-1&_include=Observation:performer:Organization");
        Ids(typed, Bundle.SearchEntryMode.Include).ShouldBeEmpty();

        var all = await SearchAsync(kind, "/fhir/Observation?_id=obs-1&_include=*");
        Ids(all, Bundle.SearchEntryMode.Include).ShouldBe(["Patient/pat-1", "Practitioner/prac-1"]);

        var iterate = await SearchAsync(kind, "/fhir/Observation?_id=obs-2&_include=Observation:subject&_include:iterate=Patient:organization");
        Ids(iterate, Bundle.SearchEntryMode.Include).ShouldBe(["Organization/org-1", "Patient/pat-2"]);

        var rev = await SearchAsync(kind, "/fhir/Patient?_id=pat-1&_revinclude=Observation:subject");
        Ids(rev, Bundle.SearchEntryMode.Include).ShouldBe(["Observation/obs-1", "Observation/obs-3"]);

        var revIterate = await SearchAsync(kind, "/fhir/Practitioner?_id=prac-1&_revinclude=Patient:general-practitioner&_revinclude:iterate=Observation:subject");
        Ids(revIterate, Bundle.SearchEntryMode.Include).ShouldBe(["Observation/obs-1", "Observation/obs-3", "Patient/pat-1"]);
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Total_none_leaves_the_total_out(DatabaseKind kind)
    {
        (await SearchAsync(kind, "/fhir/Patient?_total=none")).Total.ShouldBeNull();
        (await SearchAsync(kind, "/fhir/Patient?_total=accurate")).Total.ShouldBe(3);
        (await SearchAsync(kind, "/fhir/Patient?_total=estimate")).Total.ShouldBe(3);
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Unknown_parameters_are_reported_when_lenient_and_refused_when_strict(DatabaseKind kind)
    {
        var lenient = await SearchAsync(kind, "/fhir/Patient?gender=male&nonsense=1");
        Ids(lenient, Bundle.SearchEntryMode.Match).ShouldBe(["Patient/pat-1"]);
        var outcome = lenient.Entry.Single(e => e.Search?.Mode == Bundle.SearchEntryMode.Outcome).Resource.ShouldBeOfType<OperationOutcome>();
        outcome.Issue.Single().Diagnostics!.ShouldContain("nonsense");
        lenient.Link.Single(l => l.Relation == "self").Url!.ShouldNotContain("nonsense");

        var server = await fixture.GetAsync(kind);
        using var client = server.CreateClient();
        using var strict = await client.SendFhirAsync(HttpMethod.Get, "/fhir/Patient?gender=male&nonsense=1", configure: r => r.Headers.Add("Prefer", "handling=strict"));
        strict.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await strict.ReadAsync<OperationOutcome>()).Issue.ShouldContain(i => i.Diagnostics!.Contains("nonsense"));
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Malformed_values_are_a_400_naming_the_parameter(DatabaseKind kind)
    {
        var server = await fixture.GetAsync(kind);
        using var client = server.CreateClient();
        foreach (var (query, name) in new[] { ("Observation?date=notadate", "date"), ("Observation?value-quantity=abc", "value-quantity"), ("Observation?code-value-quantity=8480-6", "code-value-quantity"), ("Patient?_count=x", "_count"), ("Patient?_cursor=zz", "_cursor") })
        {
            using var response = await client.SendFhirAsync(HttpMethod.Get, "/fhir/" + query);
            response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, query);
            (await response.ReadAsync<OperationOutcome>()).Issue.ShouldContain(i => (i.Diagnostics ?? string.Empty).Contains(name) || i.Expression.Contains(name), query);
        }
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Compartment_search_returns_only_the_patients_resources(DatabaseKind kind)
    {
        var all = await SearchAsync(kind, "/fhir/Patient/pat-1/Observation");
        Ids(all, Bundle.SearchEntryMode.Match).ShouldBe(["Observation/obs-1", "Observation/obs-3"]);

        var filtered = await SearchAsync(kind, "/fhir/Patient/pat-1/Observation?code=29463-7");
        Ids(filtered, Bundle.SearchEntryMode.Match).ShouldBe(["Observation/obs-3"]);

        var conditions = await SearchAsync(kind, "/fhir/Patient/pat-2/Condition");
        Ids(conditions, Bundle.SearchEntryMode.Match).ShouldBe(["Condition/cond-1"]);
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Everything_returns_the_patient_its_compartment_and_what_they_refer_to(DatabaseKind kind)
    {
        var everything = await SearchAsync(kind, "/fhir/Patient/pat-2/$everything");
        Ids(everything, Bundle.SearchEntryMode.Match).ShouldBe(["Condition/cond-1", "Observation/obs-2", "Observation/obs-4", "Patient/pat-2", "RiskAssessment/risk-2"]);
        Ids(everything, Bundle.SearchEntryMode.Include).ShouldBe(["Organization/org-1"]);

        var typed = await SearchAsync(kind, "/fhir/Patient/pat-2/$everything?_type=Observation");
        Ids(typed, Bundle.SearchEntryMode.Match).ShouldBe(["Observation/obs-2", "Observation/obs-4"]);

        var later = await SearchAsync(kind, "/fhir/Patient/pat-2/$everything?_since=2999-01-01");
        later.Entry.ShouldBeEmpty();

        var paged = await SearchAsync(kind, "/fhir/Patient/pat-2/$everything?_count=2");
        Ids(paged, Bundle.SearchEntryMode.Match).Length.ShouldBe(2);
        paged.Total.ShouldBe(5);
        paged.Link.ShouldContain(l => l.Relation == "next");
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Cursor_paging_neither_repeats_nor_skips_while_resources_are_added(DatabaseKind kind)
    {
        var server = await SharedServers.GetAsync(kind);
        using var client = server.CreateClient();
        var tag = "paging-" + Guid.NewGuid().ToString("N");
        var created = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            using var response = await client.SendFhirAsync(HttpMethod.Post, "/fhir/Basic", Tagged(tag));
            created.Add((await response.ReadAsync<Basic>()).Id!);
        }

        var seen = new List<string>();
        var url = $"/fhir/Basic?_tag=http://acme.org/tags|{tag}&_count=2";
        while (url is not null)
        {
            using var response = await client.SendFhirAsync(HttpMethod.Get, url);
            var page = await response.ReadAsync<Bundle>();
            seen.AddRange(page.Entry.Select(e => e.Resource!.Id!));
            using (await client.SendFhirAsync(HttpMethod.Post, "/fhir/Basic", Tagged(tag)))
            {
                // a resource added between pages sorts before the cursor and must not shift later pages
            }

            url = page.Link.SingleOrDefault(l => l.Relation == "next")?.Url is { } next ? new Uri(next).PathAndQuery : null;
        }

        seen.ShouldBe(seen.Distinct().ToList());
        seen.Order(StringComparer.Ordinal).ShouldBe(created.Order(StringComparer.Ordinal));
    }

    private static Basic Tagged(string tag) => new()
    {
        Meta = new Meta { Tag = [new Coding("http://acme.org/tags", tag)] },
        Code = new CodeableConcept("http://acme.org/basic", "paging"),
    };
}
