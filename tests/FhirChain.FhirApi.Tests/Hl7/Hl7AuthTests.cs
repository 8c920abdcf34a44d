using System.Net;
using System.Net.Http.Headers;
using System.Text;
using FhirChain.FhirApi.Auth;
using FhirChain.FhirApi.Tests.Auth;
using FhirChain.FhirApi.Tests.Consent;
using FhirChain.FhirApi.Tests.Infrastructure;
using Hl7.Fhir.Model;
using static FhirChain.FhirApi.Tests.Hl7v2.Hl7TestMessages;

namespace FhirChain.FhirApi.Tests.Hl7v2;

/// <summary>
/// <c>POST /hl7v2</c> with <c>Auth:Enabled</c>: 401 without a valid token and 403 for a token that may
/// not make every write a v2 message makes (read-only, patient-scoped, research, missing types), each
/// with an OperationOutcome and nothing stored; a system/ or user/ writer gets its ACK.
/// </summary>
public sealed class Hl7AuthTests
{
    /// <summary>The least a feed needs: create and update on what a message maps to, create on its Provenance.</summary>
    private const string FeedScopes = "system/Patient.cu system/Encounter.cu system/Observation.cu system/DiagnosticReport.cu system/Provenance.c";

    private static async Task<HttpResponseMessage> PostRawAsync(HttpClient client, string message)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/hl7v2") { Content = new StringContent(message, Encoding.UTF8, Er7) };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(Er7));
        return await client.SendAsync(request);
    }

    private static async System.Threading.Tasks.Task ShouldHaveStoredNothingAsync(SecuredServer server, string id)
    {
        using var admin = server.Admin();
        (await admin.SearchIdsAsync($"Patient?identifier={IdentifierQuery("MRN" + id)}")).ShouldBeEmpty();
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Message_without_a_valid_token_gets_401_with_an_OperationOutcome_and_stores_nothing(DatabaseKind kind)
    {
        var server = await SecuredServers.GetAsync(kind);
        var id = NewId();
        foreach (var token in new string?[] { null, "not-a-jwt", server.Token("system/*.cruds", lifetime: TimeSpan.FromMinutes(-10)) })
        {
            using var client = server.Server.CreateClient();
            if (token is not null)
            {
                client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }

            using var response = await PostRawAsync(client, Load("adt-a01.hl7", id));

            response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
            response.Headers.WwwAuthenticate.ToString().ShouldStartWith("Bearer");
            (await response.ReadAsync<OperationOutcome>()).Issue[0].Code.ShouldBe(OperationOutcome.IssueType.Login);
        }

        await ShouldHaveStoredNothingAsync(server, id);
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Token_that_may_not_write_what_a_message_writes_gets_403_and_stores_nothing(DatabaseKind kind)
    {
        var server = await SecuredServers.GetAsync(kind);
        var id = NewId();
        var refused = new (string Scope, string? Purpose, string? Patient, string Diagnostics)[]
        {
            ("system/*.rs", null, null, "Patient.cu"),
            ("system/*.c", null, null, "Patient.cu"),
            ("system/Patient.cu system/Encounter.cu system/Observation.cu", null, null, "DiagnosticReport.cu, Provenance.c"),
            ("patient/*.cruds", null, id, "Patient.cu"),
            ("system/*.cruds patient/*.cruds", CallerClaims.Research, id, "research client"),
        };

        foreach (var (scope, purpose, patient, diagnostics) in refused)
        {
            using var client = server.Client(scope, purpose, patient);
            using var response = await PostRawAsync(client, Load("adt-a01.hl7", id));

            response.StatusCode.ShouldBe(HttpStatusCode.Forbidden, scope);
            var outcome = await response.ReadAsync<OperationOutcome>();
            outcome.Issue[0].Code.ShouldBe(OperationOutcome.IssueType.Forbidden);
            outcome.Issue[0].Diagnostics!.ShouldContain(diagnostics);
        }

        await ShouldHaveStoredNothingAsync(server, id);

        // Each refusal is on the audit trail under the token's client, as a failed transaction.
        using var admin = server.Admin();
        using (var refusedClient = server.Client("system/*.rs", subject: "v2-reader-" + id))
        {
            (await PostRawAsync(refusedClient, Load("adt-a01.hl7", id))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        }

        var audit = await FhirChain.FhirApi.Tests.Audit.AuditTrailTests.WaitForAuditAsync(admin, "AuditEvent?subtype=transaction&_count=200",
            a => a.Agent.Any(g => g.Who?.Identifier?.Value == "v2-reader-" + id));
        audit.Outcome.ShouldBe(AuditEvent.AuditEventOutcome.N4);
        audit.OutcomeDesc.ShouldStartWith("POST /hl7v2 refused: Feeding HL7 v2 messages needs");
    }

    [Theory]
    [MemberData(nameof(Databases.All), MemberType = typeof(Databases))]
    public async System.Threading.Tasks.Task Writer_with_system_or_user_scopes_feeds_adt_and_oru_messages(DatabaseKind kind)
    {
        var server = await SecuredServers.GetAsync(kind);
        foreach (var scope in new[] { FeedScopes, "system/*.cu", "user/*.cruds" })
        {
            var id = NewId();
            using var feed = server.Client(scope);

            Field(await PostAsync(feed, Load("adt-a01.hl7", id)), "MSA", 1).ShouldBe("AA", scope);
            Field(await PostAsync(feed, Load("oru-r01.hl7", id)), "MSA", 1).ShouldBe("AA", scope);

            using var admin = server.Admin();
            var patients = await admin.SearchIdsAsync($"Patient?identifier={IdentifierQuery("MRN" + id)}");
            patients.ShouldHaveSingleItem();
            (await admin.SearchIdsAsync($"Encounter?identifier={IdentifierQuery("VN" + id)}")).ShouldHaveSingleItem();
            (await admin.SearchIdsAsync($"Observation?subject={patients[0]}")).Count.ShouldBe(2);
            (await admin.SearchIdsAsync($"DiagnosticReport?subject={patients[0]}")).ShouldHaveSingleItem();
        }
    }
}
