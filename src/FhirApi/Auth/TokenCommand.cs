using System.CommandLine;
using Microsoft.Extensions.Options;

namespace FhirChain.FhirApi.Auth;

/// <summary>
/// <c>token</c>: mints a development bearer token signed with <c>Auth:SigningKeyPath</c>, e.g.
/// <c>token --scope "system/*.rs" --purpose HRESCH --patient 123 --lifetime 60</c>.
/// </summary>
internal static class TokenCommand
{
    public static Command Create()
    {
        var scope = new Option<string>("--scope") { Description = "SMART scopes, space separated", DefaultValueFactory = _ => "system/*.cruds" };
        var purpose = new Option<string?>("--purpose") { Description = "purpose_of_use claim (HRESCH makes a research client)" };
        var patient = new Option<string?>("--patient") { Description = "patient claim: the compartment of patient/ scopes" };
        var lifetime = new Option<int>("--lifetime") { Description = "lifetime in minutes", DefaultValueFactory = _ => 60 };
        var subject = new Option<string>("--subject") { Description = "sub and client_id claims", DefaultValueFactory = _ => "dev-client" };
        var fhirUser = new Option<string?>("--fhir-user") { Description = "fhirUser claim, e.g. Organization/research-1 (matched against Consent actors)" };
        var command = new Command("token", "Print a development JWT signed with the local Auth:SigningKeyPath key.")
        {
            scope, purpose, patient, lifetime, subject, fhirUser,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(result =>
        {
            var configuration = new ConfigurationBuilder()
                .AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"), optional: true)
                .AddEnvironmentVariables()
                .AddCommandLine(result.UnmatchedTokens.ToArray())
                .Build();
            var options = configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
            var request = new TokenRequest(result.GetValue(scope)!, result.GetValue(purpose), result.GetValue(patient), result.GetValue(subject)!,
                TimeSpan.FromMinutes(result.GetValue(lifetime)), result.GetValue(fhirUser));
            Console.WriteLine(TokenMinter.Mint(Options.Create(options).Value, request, TimeProvider.System));
            return 0;
        });
        return command;
    }
}
