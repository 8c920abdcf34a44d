using System.Globalization;
using System.Net;
using FhirChain.FhirApi.Tests.Auth;
using FhirChain.FhirApi.Tests.Infrastructure;
using Hl7.Fhir.Model;
using Microsoft.AspNetCore.Http;

namespace FhirChain.FhirApi.Tests.Audit;

/// <summary>
/// Refused requests (401) are audited in windows per client address and reason: the first at once,
/// the rest of the window as one AuditEvent that counts them, written when the window closes or the
/// server stops, so a client without a token writes a bounded number of AuditEvents.
/// </summary>
public sealed class AuthenticationFailureWindowTests
{
    private const string Query = "AuditEvent?type=http://dicom.nema.org/resources/ontology/DCM|110114&_count=1000";

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Many_refusals_from_one_address_give_two_AuditEvents_whose_counts_add_up_and_other_addresses_are_apart(DatabaseKind kind)
    {
        var server = await SecuredServer.StartAsync(kind, new() { ["Audit:AuthFailureWindowSeconds"] = "3600", ["Audit:AuthFailureListedRequests"] = "5" });
        await using (server)
        {
            for (var i = 0; i < 30; i++)
            {
                (await RefuseAsync(server, "10.0.0.1", $"/fhir/Patient?_id=one-{i}")).ShouldBe(StatusCodes.Status401Unauthorized);
            }

            for (var i = 0; i < 4; i++)
            {
                (await RefuseAsync(server, "10.0.0.2", $"/fhir/Observation?_id=two-{i}")).ShouldBe(StatusCodes.Status401Unauthorized);
            }

            // The first refusal of each address is written at once, long before its window closes.
            using (var admin = server.Admin())
            {
                var first = await AuditTrailTests.WaitForAuditAsync(admin, Query, a => Address(a) == "10.0.0.1");
                Refusals(first).ShouldBe(1);
                first.OutcomeDesc.ShouldStartWith("GET /fhir/Patient?_id=one-0");
                await AuditTrailTests.WaitForAuditAsync(admin, Query, a => Address(a) == "10.0.0.2");
            }

            // Stopping the server writes the windows still open.
            await server.RestartAsync();
            using var restarted = server.Admin();
            using var response = await restarted.SendFhirAsync(HttpMethod.Get, "/fhir/" + Query);
            var audits = (await response.ReadAsync<Bundle>()).Entry.Select(e => e.Resource).OfType<AuditEvent>().ToList();

            var one = audits.Where(a => Address(a) == "10.0.0.1").ToList();
            one.Count.ShouldBe(2);
            one.Sum(Refusals).ShouldBe(30);
            var summary = one.Single(a => Refusals(a) == 29);
            summary.OutcomeDesc!.ShouldStartWith("29 requests refused from 10.0.0.1");
            summary.OutcomeDesc.ShouldContain("needs a bearer token");
            summary.Entity.Single().Detail.Where(d => d.Type == "request").Select(d => ((FhirString)d.Value).Value)
                .ShouldBe(Enumerable.Range(1, 5).Select(i => $"GET /fhir/Patient?_id=one-{i}"));
            var period = summary.Period.ShouldNotBeNull();
            period.StartElement.ShouldNotBeNull().ToDateTimeOffset(TimeSpan.Zero).ShouldBeLessThanOrEqualTo(period.EndElement.ShouldNotBeNull().ToDateTimeOffset(TimeSpan.Zero));

            var two = audits.Where(a => Address(a) == "10.0.0.2").ToList();
            two.Count.ShouldBe(2);
            two.Sum(Refusals).ShouldBe(4);
        }
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task A_window_is_written_when_it_closes_and_a_token_that_does_not_validate_is_a_reason_of_its_own(DatabaseKind kind)
    {
        var server = await SecuredServer.StartAsync(kind, new() { ["Audit:AuthFailureWindowSeconds"] = "1" });
        await using (server)
        {
            for (var i = 0; i < 6; i++)
            {
                (await RefuseAsync(server, "10.0.0.3", $"/fhir/Patient?_id=three-{i}")).ShouldBe(StatusCodes.Status401Unauthorized);
            }

            (await RefuseAsync(server, "10.0.0.3", "/fhir/Patient?_id=forged", token: "not-a-jwt")).ShouldBe(StatusCodes.Status401Unauthorized);

            using var admin = server.Admin();
            var summary = await AuditTrailTests.WaitForAuditAsync(admin, Query, a => Address(a) == "10.0.0.3" && Refusals(a) == 5);
            summary.OutcomeDesc!.ShouldStartWith("5 requests refused from 10.0.0.3");
            var forged = await AuditTrailTests.WaitForAuditAsync(admin, Query, a => Address(a) == "10.0.0.3" && a.OutcomeDesc!.Contains("forged", StringComparison.Ordinal));
            Refusals(forged).ShouldBe(1);
            forged.OutcomeDesc!.ShouldContain("The bearer token was refused");
        }
    }

    /// <summary>Sends a request without a valid token as a client at <paramref name="address"/>, and returns the status.</summary>
    private static async Task<int> RefuseAsync(SecuredServer server, string address, string pathAndQuery, string? token = null)
    {
        var query = pathAndQuery.IndexOf('?', StringComparison.Ordinal);
        var context = await server.Server.Server.SendAsync(c =>
        {
            c.Request.Method = HttpMethods.Get;
            c.Request.Path = query < 0 ? pathAndQuery : pathAndQuery[..query];
            c.Request.QueryString = query < 0 ? QueryString.Empty : new QueryString(pathAndQuery[query..]);
            c.Request.Headers.Accept = "application/fhir+json";
            if (token is not null)
            {
                c.Request.Headers.Authorization = "Bearer " + token;
            }

            c.Connection.RemoteIpAddress = IPAddress.Parse(address);
        });
        return context.Response.StatusCode;
    }

    private static string? Address(AuditEvent audit) => audit.Agent.FirstOrDefault()?.Network?.Address;

    private static int Refusals(AuditEvent audit) => audit.Entity.SelectMany(e => e.Detail).FirstOrDefault(d => d.Type == "refusals")?.Value is FhirString { Value: { } count }
        ? int.Parse(count, CultureInfo.InvariantCulture)
        : 0;
}
