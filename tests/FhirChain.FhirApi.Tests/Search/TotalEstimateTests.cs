using System.Net;
using FhirChain.FhirApi.Tests.Infrastructure;
using Hl7.Fhir.Model;

namespace FhirChain.FhirApi.Tests.Search;

/// <summary>
/// <c>_total=estimate</c> with <c>Fhir:TotalEstimateThreshold=3</c>: below the threshold the exact
/// count, at or above it the threshold on SQLite (a lower bound) and PostgreSQL's planner estimate
/// (at least the threshold); <c>accurate</c> and the default stay exact.
/// </summary>
public sealed class TotalEstimateTests
{
    private const int Threshold = 3;

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Estimate_counts_up_to_the_threshold_and_estimates_beyond_it(DatabaseKind kind)
    {
        await using var server = await TestServer.StartAsync(kind, new() { ["Fhir:TotalEstimateThreshold"] = Threshold.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        using var client = server.CreateClient();
        for (var i = 0; i < 7; i++)
        {
            var basic = new Basic { Code = new CodeableConcept("http://acme.org/basic", i < 5 ? "many" : "few") };
            using var created = await client.SendFhirAsync(HttpMethod.Post, "/fhir/Basic", basic);
            created.StatusCode.ShouldBe(HttpStatusCode.Created);
        }

        (await TotalAsync(client, "Basic?code=few&_total=estimate")).ShouldBe(2);
        (await TotalAsync(client, "Basic?code=many&_total=accurate")).ShouldBe(5);
        (await TotalAsync(client, "Basic?code=many")).ShouldBe(5);
        (await TotalAsync(client, "?_type=Basic&code=many")).ShouldBe(5);

        foreach (var query in new[] { "Basic?code=many&_total=estimate", "Basic?code=many&_total=estimate&_summary=count", "?_type=Basic&code=many&_total=estimate" })
        {
            var estimate = await TotalAsync(client, query);
            if (kind == DatabaseKind.Sqlite)
            {
                estimate.ShouldBe(Threshold, query);
            }
            else
            {
                estimate.ShouldNotBeNull(query);
                estimate.Value.ShouldBeGreaterThanOrEqualTo(Threshold, query);
            }
        }
    }

    private static async Task<int?> TotalAsync(HttpClient client, string query)
    {
        using var response = await client.SendFhirAsync(HttpMethod.Get, "/fhir/" + query);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, query);
        return (await response.ReadAsync<Bundle>()).Total;
    }
}
