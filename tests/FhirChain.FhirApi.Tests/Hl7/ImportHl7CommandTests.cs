using FhirChain.FhirApi.Cli;
using Microsoft.Data.Sqlite;
using static FhirChain.FhirApi.Tests.Hl7v2.Hl7TestMessages;

namespace FhirChain.FhirApi.Tests.Hl7v2;

/// <summary><c>import-hl7</c> against a SQLite file of its own: exit codes and what it stores.</summary>
public sealed class ImportHl7CommandTests : IDisposable
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "fhirchain-tests", "import-" + Guid.NewGuid().ToString("N"));

    public ImportHl7CommandTests() => Directory.CreateDirectory(directory);

    private string Database => Path.Combine(directory, "fhir.db");

    private string[] Settings =>
    [
        "--Storage:Provider=Sqlite",
        $"--ConnectionStrings:Fhir=Data Source={Database}",
        $"--Provenance:SigningKeyPath={Path.Combine(directory, "log-signing.key")}",
        $"--Provenance:WitnessPath={Path.Combine(directory, "log-witness.checkpoint")}",
        // These tests count stored versions: without the import's AuditEvents, except where a test turns them on.
        "--Audit:Enabled=false",
    ];

    [Fact]
    public async System.Threading.Tasks.Task Import_of_good_messages_exits_0_and_a_rerun_only_finds_duplicates()
    {
        var file = Write("good.hl7", Load("adt-a01.hl7", NewId(), "IMP-1") + "\r\n" + Load("oru-r01.hl7", NewId(), "IMP-2"));

        var first = await CliCommands.RunAsync(["import-hl7", file, .. Settings]);
        var second = await CliCommands.RunAsync(["import-hl7", file, .. Settings]);

        first.ShouldBe(0);
        second.ShouldBe(0);
        Count("hl7_messages").ShouldBe(2);
        Count("resource_versions").ShouldBe(3 + 5); // Patient, Encounter, Provenance; Patient, DiagnosticReport, 2 Observations, Provenance
    }

    [Fact]
    public async System.Threading.Tasks.Task Import_with_a_failing_message_exits_1_and_keeps_the_good_ones()
    {
        var file = Write("mixed.hl7", Load("adt-a01.hl7", NewId(), "GOOD") + Load("orm-o01-unsupported.hl7", NewId(), "BAD"));

        var exit = await CliCommands.RunAsync(["import-hl7", file, .. Settings]);

        exit.ShouldBe(1);
        Count("hl7_messages").ShouldBe(1);
    }

    [Fact]
    public async System.Threading.Tasks.Task Import_writes_an_AuditEvent_for_every_message_before_it_exits()
    {
        var file = Write("audited.hl7", Load("adt-a01.hl7", NewId(), "AUD-GOOD") + Load("orm-o01-unsupported.hl7", NewId(), "AUD-BAD"));

        var exit = await CliCommands.RunAsync(["import-hl7", file, .. Settings, "--Audit:Enabled=true"]);

        exit.ShouldBe(1);
        var audits = AuditEventJson();
        audits.Count.ShouldBe(2);
        audits.ShouldContain(json => json.Contains("\"AUD-GOOD\"", StringComparison.Ordinal) && json.Contains("\"Patient/", StringComparison.Ordinal));
        audits.ShouldContain(json => json.Contains("\"AUD-BAD\"", StringComparison.Ordinal) && json.Contains("\"outcome\":\"4\"", StringComparison.Ordinal));
    }

    [Fact]
    public async System.Threading.Tasks.Task Missing_file_exits_2()
    {
        var exit = await CliCommands.RunAsync(["import-hl7", Path.Combine(directory, "no-such-file.hl7"), .. Settings]);

        exit.ShouldBe(2);
        File.Exists(Database).ShouldBeFalse();
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(directory, name);
        File.WriteAllText(path, text);
        return path;
    }

    private List<string> AuditEventJson()
    {
        using var connection = new SqliteConnection($"Data Source={Database}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT json FROM resource_versions WHERE resource_type = 'AuditEvent'";
        using var reader = command.ExecuteReader();
        var json = new List<string>();
        while (reader.Read())
        {
            json.Add(reader.GetString(0));
        }

        return json;
    }

    private long Count(string table)
    {
        using var connection = new SqliteConnection($"Data Source={Database}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT count(*) FROM {table}";
        return (long)command.ExecuteScalar()!;
    }
}
