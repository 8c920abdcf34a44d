using FhirChain.FhirApi.Cli;
using FhirChain.FhirApi.Hosting;

if (CliCommands.IsCommand(args))
{
    return await CliCommands.RunAsync(args);
}

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddFhirChain(builder.Configuration);
builder.Services.AddHostedService<DatabaseInitializer>();

var app = builder.Build();
app.UseFhirChain();
await app.RunAsync();
return 0;

/// <summary>The server's entry point; public so tests can host it with <c>WebApplicationFactory&lt;Program&gt;</c>.</summary>
public partial class Program;
