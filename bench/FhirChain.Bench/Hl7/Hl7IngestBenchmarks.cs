using BenchmarkDotNet.Attributes;
using FhirChain.FhirApi.Cli;
using FhirChain.FhirApi.Hl7v2;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FhirChain.Bench.Hl7v2;

/// <summary>
/// End-to-end HL7 v2 ingest on SQLite with ACK after commit: parse, map, the FHIR transaction
/// (validation, conditional updates, provenance leaves, search index) and the hl7_messages row in
/// one database transaction, then the ACK. Each operation is one new message (new patient, new
/// control id) in its own DI scope, as MLLP handles it. Messages/s = 1 / mean.
/// Run: dotnet run -c Release --project bench/FhirChain.Bench -- --filter '*Hl7Ingest*' --job short
/// </summary>
public class Hl7IngestBenchmarks
{
    private const int MessagesPerInvoke = 100;

    private const string Adt =
        "MSH|^~\\&|ADMIT|GENHOSP|FHIRCHAIN|FC|20260110083000+0000||ADT^A01^ADT_A01|{{CONTROL_ID}}|P|2.5.1\r"
        + "EVN|A01|20260110083000+0000\r"
        + "PID|1||MRN{{ID}}^^^GENHOSP^MR||Everyman^Adam^A^^^^L||19800101|M|||1 Main St^^Springfield^IL^62701^USA^H||^PRN^PH^^^555^1234567\r"
        + "PV1|1|I|WARD1^101^A^GENHOSP||||1234^Attend^Alice||||||||||||VN{{ID}}^^^GENHOSP^VN|||||||||||||||||||||||||20260110083000+0000\r";

    private const string Oru =
        "MSH|^~\\&|LAB|GENHOSP|FHIRCHAIN|FC|20260110083000+0000||ORU^R01^ORU_R01|{{CONTROL_ID}}|P|2.5.1\r"
        + "PID|1||MRN{{ID}}^^^GENHOSP^MR||Everyman^Adam^A^^^^L||19800101|M\r"
        + "OBR|1|PLC{{ID}}^LAB|FIL{{ID}}^LAB|24331-1^Lipid panel^LN|||20260110080000+0000||||||||||||||||||F\r"
        + "OBX|1|NM|2093-3^Cholesterol^LN||196|mg/dL^^UCUM|<200|N|||F\r"
        + "OBX|2|NM|2571-8^Triglyceride^LN||90|mg/dL^^UCUM|<150|N|||F\r";

    private string directory = null!;
    private IHost host = null!;
    private string template = null!;
    private long next;

    [Params("ADT^A01", "ORU^R01")]
    public string MessageType { get; set; } = "ADT^A01";

    [GlobalSetup]
    public void Setup()
    {
        directory = Path.Combine(Path.GetTempPath(), "fhirchain-bench-hl7-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        host = CliHost.StartAsync(
            [
                "--Storage:Provider=Sqlite",
                $"--ConnectionStrings:Fhir=Data Source={Path.Combine(directory, "fhir.db")}",
                $"--Provenance:SigningKeyPath={Path.Combine(directory, "log-signing.key")}",
                $"--Provenance:WitnessPath={Path.Combine(directory, "log-witness.checkpoint")}",
            ],
            CancellationToken.None).GetAwaiter().GetResult();
        template = MessageType == "ADT^A01" ? Adt : Oru;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        host.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }

    [Benchmark(OperationsPerInvoke = MessagesPerInvoke)]
    public async Task One_sender()
    {
        for (var i = 0; i < MessagesPerInvoke; i++)
        {
            await IngestNextAsync();
        }
    }

    [Benchmark(OperationsPerInvoke = MessagesPerInvoke)]
    public async Task Four_concurrent_senders()
    {
        await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
        {
            for (var i = 0; i < MessagesPerInvoke / 4; i++)
            {
                await IngestNextAsync();
            }
        }));
    }

    private async Task IngestNextAsync()
    {
        var id = Interlocked.Increment(ref next).ToString("D10", System.Globalization.CultureInfo.InvariantCulture);
        var text = template.Replace("{{ID}}", id, StringComparison.Ordinal).Replace("{{CONTROL_ID}}", "B" + id, StringComparison.Ordinal);
        await using var scope = host.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<Hl7Ingest>().IngestAsync(text, CancellationToken.None);
        if (result.Outcome != Hl7IngestOutcome.Accepted)
        {
            throw new InvalidOperationException($"Message {id} was not accepted: {string.Join(" | ", result.Errors)}");
        }
    }
}
