using System.Net;
using FhirChain.FhirApi.Tests.Auth;
using FhirChain.FhirApi.Tests.Infrastructure;
using Hl7.Fhir.Model;
using static FhirChain.FhirApi.Tests.Consent.ResearchData;
using ConsentResource = Hl7.Fhir.Model.Consent;

namespace FhirChain.FhirApi.Tests.Consent;

/// <summary>
/// A research client's <c>Bundle.total</c> is counted by subtraction (every match the index tables count,
/// less the hidden ones among the resources that could be hidden), while its pages are the consent
/// filter's verdict on each match. Differential: over a varied population of consents (permit, deny,
/// none, class and code provisions, a nested exception, expired consents and exceptions), resources of
/// several patients, resources in no compartment, a reference to a patient that does not exist and a
/// deleted resource, the total of every search equals the number of resources its pages hold, under
/// both default policies. Each server is new, so the candidates stay few and the subtraction is used.
/// </summary>
public sealed class ResearchTotalTests
{
    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Totals_equal_the_filtered_pages_under_the_opt_in_policy(DatabaseKind kind)
    {
        await using var server = await SecuredServer.StartAsync(kind, new() { ["Audit:Enabled"] = "false" });
        var data = await SeedAsync(server);
        await AssertTotalsMatchPagesAsync(server, data);

        // Heart rates visible: of permit, code, class, nested, expired-exception and deny-except, and the one in no
        // compartment; hidden: of deny, none and expired, the ghost's and those shared with deny or none.
        using var researcher = server.Researcher();
        (await TotalAsync(researcher, $"Observation?code={Loinc}|{data.HeartRate}&_count=2")).ShouldBe(7);
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Totals_equal_the_filtered_pages_under_the_opt_out_policy(DatabaseKind kind)
    {
        await using var server = await SecuredServer.StartAsync(kind, new() { ["Audit:Enabled"] = "false", ["Consent:DefaultPolicy"] = "Permit" });
        var data = await SeedAsync(server);
        await AssertTotalsMatchPagesAsync(server, data);
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task A_revoked_consent_changes_the_next_total(DatabaseKind kind)
    {
        await using var server = await SecuredServer.StartAsync(kind, new() { ["Audit:Enabled"] = "false" });
        var data = await SeedAsync(server);
        using var researcher = server.Researcher();
        using var admin = server.Admin();
        var query = $"Observation?code={Loinc}|{data.Weight}&_count=2";
        var before = await TotalAsync(researcher, query);

        var revoked = ResearchConsent(data.Prefix + "-permit-consent", data.Prefix + "-permit", ConsentResource.ConsentProvisionType.Permit);
        revoked.Status = ConsentResource.ConsentState.Inactive;
        await admin.PutAsync(revoked);

        // The permitting patient's own weight, and the weight it shares with the patient who decides by code, are hidden now.
        (await TotalAsync(researcher, query)).ShouldBe(before - 2);
        await AssertTotalsMatchPagesAsync(server, data);
    }

    /// <summary>
    /// More than 2,000 visible matches, with too many hidden ones to subtract (900 of 3,300): the total is
    /// counted first, and the first pages are then looked for among the newest resources. They must be the
    /// pages of all visible matches sorted, as <c>_sort=-_lastUpdated</c> gives them.
    /// </summary>
    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Dense_first_pages_of_a_research_search_are_the_sorted_pages(DatabaseKind kind)
    {
        await using var server = await SecuredServer.StartAsync(kind, new() { ["Audit:Enabled"] = "false" });
        var data = await SeedAsync(server);
        var bulk = data.Prefix + "bulk";
        using var admin = server.Admin();
        var owners = new[] { (Kind: "permit", Count: 1_200), (Kind: "code", Count: 1_200), (Kind: "deny", Count: 450), (Kind: "none", Count: 450) }
            .SelectMany(o => Enumerable.Repeat($"{data.Prefix}-{o.Kind}", o.Count)).ToList();
        foreach (var chunk in owners.Select((patient, i) => (patient, i)).OrderBy(x => x.i % 7).Chunk(550))
        {
            var bundle = new Bundle { Type = Bundle.BundleType.Batch };
            foreach (var (patient, i) in chunk)
            {
                var observation = Observation($"{bulk}-{i}-{patient[(data.Prefix.Length + 1)..]}", patient, bulk);
                bundle.Entry.Add(new() { Resource = observation, Request = new() { Method = Bundle.HTTPVerb.PUT, Url = $"Observation/{observation.Id}" } });
            }

            using var response = await admin.SendFhirAsync(HttpMethod.Post, "/fhir", bundle);
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        using var researcher = server.Researcher();
        (await TotalAsync(researcher, $"Observation?code={bulk}&_count=50")).ShouldBe(2_400);
        var dense = await FirstPagesAsync(researcher, $"Observation?code={bulk}&_count=50", pages: 3);
        var sorted = await FirstPagesAsync(researcher, $"Observation?code={bulk}&_count=50&_sort=-_lastUpdated", pages: 3);
        dense.Count.ShouldBe(150);
        dense.ShouldBe(sorted);
        dense.ShouldAllBe(id => id.EndsWith("-permit") || id.EndsWith("-code"));
    }

    private static async Task<List<string>> FirstPagesAsync(HttpClient client, string query, int pages)
    {
        var ids = new List<string>();
        var url = "/fhir/" + query;
        for (var page = 0; page < pages && url is not null; page++)
        {
            using var response = await client.SendFhirAsync(HttpMethod.Get, url);
            response.StatusCode.ShouldBe(HttpStatusCode.OK, query);
            var bundle = await response.ReadAsync<Bundle>();
            ids.AddRange(bundle.Entry.Select(e => $"{e.Resource!.TypeName}/{e.Resource.Id}"));
            url = bundle.NextLink?.PathAndQuery;
        }

        return ids;
    }

    private sealed record Seeded(string Prefix, string HeartRate, string Hiv, string Weight);

    /// <summary>
    /// Patients by consent (ids prefix-kind): permit, deny, none, code (permit, deny HIV), class (permit
    /// Observations only), nested (deny Observations except heart rate), expired (a permit that ended),
    /// expired-exception (permit, its Observation deny ended), deny-except (deny, permit heart rate). Each
    /// has a heart rate, an HIV test and a weight; then resources of two patients, one in no compartment,
    /// one of a patient that does not exist, and a deleted heart rate.
    /// </summary>
    private static async Task<Seeded> SeedAsync(SecuredServer server)
    {
        var prefix = NewPrefix();
        var data = new Seeded(prefix, prefix + "hr", prefix + "hiv", prefix + "wt");
        using var admin = server.Admin();
        string[] kinds = ["permit", "deny", "none", "code", "class", "nested", "expired", "expired-exception", "deny-except"];
        foreach (var kind in kinds)
        {
            var patient = $"{prefix}-{kind}";
            await admin.PutAsync(Patient(patient));
            foreach (var code in new[] { data.HeartRate, data.Hiv, data.Weight })
            {
                await admin.PutAsync(Observation($"{patient}-{code}", patient, code));
            }
        }

        await admin.PutAsync(ResearchConsent(prefix + "-permit-consent", prefix + "-permit", ConsentResource.ConsentProvisionType.Permit));
        await admin.PutAsync(ResearchConsent(prefix + "-deny-consent", prefix + "-deny", ConsentResource.ConsentProvisionType.Deny));
        await admin.PutAsync(ResearchConsent(prefix + "-code-consent", prefix + "-code", ConsentResource.ConsentProvisionType.Permit, DenyCode(data.Hiv)));
        var observationsOnly = ResearchConsent(prefix + "-class-consent", prefix + "-class", ConsentResource.ConsentProvisionType.Permit);
        observationsOnly.Provision!.Class = [new Coding("http://hl7.org/fhir/resource-types", "Observation")];
        await admin.PutAsync(observationsOnly);
        var denyObservations = DenyType("Observation");
        denyObservations.Provision.Add(new ConsentResource.provisionComponent { Type = ConsentResource.ConsentProvisionType.Permit, Code = [new CodeableConcept(Loinc, data.HeartRate)] });
        await admin.PutAsync(ResearchConsent(prefix + "-nested-consent", prefix + "-nested", ConsentResource.ConsentProvisionType.Permit, denyObservations));
        var expired = ResearchConsent(prefix + "-expired-consent", prefix + "-expired", ConsentResource.ConsentProvisionType.Permit);
        expired.Provision!.Period = new Period { Start = "2020-01-01", End = "2021-01-01" };
        await admin.PutAsync(expired);
        var endedDeny = DenyType("Observation");
        endedDeny.Period = new Period { End = "2021-01-01" };
        await admin.PutAsync(ResearchConsent(prefix + "-expired-exception-consent", prefix + "-expired-exception", ConsentResource.ConsentProvisionType.Permit, endedDeny));
        var permitHeartRate = new ConsentResource.provisionComponent { Type = ConsentResource.ConsentProvisionType.Permit, Code = [new CodeableConcept(Loinc, data.HeartRate)] };
        await admin.PutAsync(ResearchConsent(prefix + "-deny-except-consent", prefix + "-deny-except", ConsentResource.ConsentProvisionType.Deny, permitHeartRate));

        // Resources of two patients: hidden when either hides them.
        await admin.PutAsync(Observation($"{prefix}-shared-deny", prefix + "-permit", data.HeartRate, performerPatientId: prefix + "-deny"));
        await admin.PutAsync(Observation($"{prefix}-shared-none", prefix + "-permit", data.HeartRate, performerPatientId: prefix + "-none"));
        await admin.PutAsync(Observation($"{prefix}-shared-code", prefix + "-permit", data.Weight, performerPatientId: prefix + "-code"));
        await admin.PutAsync(Observation($"{prefix}-shared-code-hiv", prefix + "-code", data.Hiv, performerPatientId: prefix + "-permit"));

        // In no compartment (always visible), and of a patient that does not exist (no consent).
        var orphan = Observation($"{prefix}-orphan", prefix + "-permit", data.HeartRate);
        orphan.Subject = null;
        await admin.PutAsync(orphan);
        await admin.PutAsync(Observation($"{prefix}-ghost", prefix + "-ghost", data.HeartRate));

        // Deleted: counted by nobody.
        await admin.PutAsync(Observation($"{prefix}-deleted", prefix + "-permit", data.HeartRate));
        using var deleted = await admin.SendFhirAsync(HttpMethod.Delete, $"/fhir/Observation/{prefix}-deleted");
        deleted.IsSuccessStatusCode.ShouldBeTrue();
        return data;
    }

    /// <summary>For each search, the total of every page of 2 (counted) equals the resources of all its pages (filtered) and the <c>_summary=count</c> total.</summary>
    private static async System.Threading.Tasks.Task AssertTotalsMatchPagesAsync(SecuredServer server, Seeded data)
    {
        using var researcher = server.Researcher();
        string[] searches =
        [
            $"Observation?code={Loinc}|{data.HeartRate}",
            $"Observation?code={Loinc}|{data.Hiv}",
            $"Observation?code={data.Weight}",
            $"Observation?code={Loinc}|{data.HeartRate},{Loinc}|{data.Hiv},{Loinc}|{data.Weight}",
            $"Observation?code={Loinc}|{data.HeartRate},{Loinc}|{data.Weight}&status=final",
            $"Patient?family=Doe-{data.Prefix}",
        ];
        foreach (var search in searches)
        {
            var (pages, totals) = await AllPagesAsync(researcher, search + "&_count=2");
            totals.ShouldAllBe(t => t == pages.Count, search);
            (await TotalAsync(researcher, search + "&_summary=count")).ShouldBe(pages.Count, search);
        }
    }

    /// <summary>
    /// The resources of every page, and the total each page gives: the first page's counted from the few
    /// matching ids when they are at most 1,000, the next pages' (after a cursor) by subtraction.
    /// </summary>
    private static async Task<(List<string> Ids, List<int?> Totals)> AllPagesAsync(HttpClient client, string query)
    {
        var ids = new List<string>();
        var totals = new List<int?>();
        for (var url = "/fhir/" + query; url is not null;)
        {
            using var response = await client.SendFhirAsync(HttpMethod.Get, url);
            response.StatusCode.ShouldBe(HttpStatusCode.OK, query);
            var bundle = await response.ReadAsync<Bundle>();
            ids.AddRange(bundle.Entry.Where(e => e.Resource is not OperationOutcome).Select(e => $"{e.Resource!.TypeName}/{e.Resource.Id}"));
            totals.Add(bundle.Total);
            url = bundle.NextLink is { } next ? next.PathAndQuery : null;
        }

        ids.Count.ShouldBe(ids.Distinct().Count(), query);
        return (ids, totals);
    }

    private static async Task<int?> TotalAsync(HttpClient client, string query)
    {
        using var response = await client.SendFhirAsync(HttpMethod.Get, "/fhir/" + query);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, query);
        return (await response.ReadAsync<Bundle>()).Total;
    }
}
