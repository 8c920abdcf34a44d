using System.Net.Http.Headers;
using FhirChain.FhirApi.Auth;
using FhirChain.FhirApi.Tests.Infrastructure;

namespace FhirChain.FhirApi.Tests.Auth;

/// <summary>
/// A test server with <c>Auth:Enabled</c> and a local signing key, and clients carrying tokens minted
/// by the same code as the <c>token</c> command.
/// </summary>
public sealed class SecuredServer(TestServer server, string keyPath) : IAsyncDisposable
{
    /// <summary>Where export jobs write their files (Export:Directory).</summary>
    public string ExportDirectory => Path.Combine(Path.GetDirectoryName(keyPath)!, "exports");

    public TestServer Server { get; private set; } = server;

    public static async Task<SecuredServer> StartAsync(DatabaseKind kind, Dictionary<string, string?>? extra = null)
    {
        var directory = Path.Combine(Path.GetTempPath(), "fhirchain-tests", "auth-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var keyPath = Path.Combine(directory, "auth-signing.key");
        var settings = new Dictionary<string, string?>
        {
            ["Auth:Enabled"] = "true",
            ["Audit:Enabled"] = "true",
            ["Auth:SigningKeyPath"] = keyPath,
            ["Export:Directory"] = Path.Combine(directory, "exports"),
            ["Export:PollSeconds"] = "0.1",
            // Shared by tests that each expect the AuditEvent of their own refused request: one per refusal.
            // The tests of the windows that bound them (AuthenticationFailureWindowTests) set their own.
            ["Audit:AuthFailureWindowSeconds"] = "0",
        };
        foreach (var (key, value) in extra ?? [])
        {
            settings[key] = value;
        }

        return new SecuredServer(await TestServer.StartAsync(kind, settings), keyPath);
    }

    /// <summary>Stops the server and starts it again on the same database, folders and key.</summary>
    public async Task RestartAsync(Dictionary<string, string?>? extra = null) => Server = await Server.RestartAsync(extra);

    public string Token(string scope, string? purpose = null, string? patient = null, string subject = "test-client", string? fhirUser = null, TimeSpan? lifetime = null) =>
        TokenMinter.Mint(
            new AuthOptions { Enabled = true, SigningKeyPath = keyPath },
            new TokenRequest(scope, purpose, patient, subject, lifetime ?? TimeSpan.FromMinutes(10), fhirUser),
            TimeProvider.System);

    public HttpClient Client(string scope, string? purpose = null, string? patient = null, string subject = "test-client", string? fhirUser = null)
    {
        var client = Server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token(scope, purpose, patient, subject, fhirUser));
        return client;
    }

    public ValueTask DisposeAsync() => Server.DisposeAsync();

    /// <summary>A client with every permission on every type (to set up data and look at the audit trail).</summary>
    public HttpClient Admin() => Client("system/*.cruds", subject: "admin");

    /// <summary>A research client (purpose of use HRESCH) with read and search on every type.</summary>
    public HttpClient Researcher(string subject = "researcher", string? fhirUser = null) => Client("system/*.rs", CallerClaims.Research, subject: subject, fhirUser: fhirUser);
}
