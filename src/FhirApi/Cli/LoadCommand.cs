using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace FhirChain.FhirApi.Cli;

/// <summary>
/// <c>load</c>: a load test against a RUNNING server over HTTP (loopback only). Posts the Synthea
/// transaction bundles (shared practitioners and hospitals first, then the patients) and reports
/// ingest in resources/s, then reads the created resources back with N concurrent clients and
/// reports reads/s and p50/p99 latency.
/// </summary>
internal static class LoadCommand
{
    public static Command Create()
    {
        var url = new Option<string>("--url") { Description = "Base URL of the running server's FHIR API (loopback only).", DefaultValueFactory = _ => "http://127.0.0.1:8080/fhir" };
        var samples = new Option<string?>("--samples") { Description = "Folder of transaction bundles (with shared/ and patients/ like ../shared/samples/synthea); default: ../shared/samples/synthea when present, else fhir-samples." };
        var clients = new Option<int>("--clients") { Description = "Concurrent HTTP clients.", DefaultValueFactory = _ => 8 };
        var reads = new Option<int>("--reads") { Description = "Single-resource reads to time.", DefaultValueFactory = _ => 20_000 };
        var command = new Command("load", "Load test a running server: Synthea transaction ingest (resources/s) and read throughput and latency (p50/p99).")
        {
            url, samples, clients, reads,
        };
        command.SetAction((result, cancellationToken) => RunAsync(
            result.GetValue(url)!, result.GetValue(samples), Math.Max(1, result.GetValue(clients)), Math.Max(1, result.GetValue(reads)), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string url, string? samples, int clients, int reads, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(url.TrimEnd('/'), UriKind.Absolute, out var baseUri) || !await IsLoopbackAsync(baseUri, cancellationToken))
        {
            await Console.Error.WriteLineAsync($"--url must be an http(s) URL on this machine's loopback interface, not '{url}'.");
            return 2;
        }

        var files = SampleFiles(samples);
        if (files.Count == 0)
        {
            await Console.Error.WriteLineAsync("No transaction bundles found (give --samples).");
            return 2;
        }

        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients * 2, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
        {
            Timeout = TimeSpan.FromMinutes(10),
        };
        http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/fhir+json"));
        var fhirBase = baseUri.ToString().TrimEnd('/');
        Console.WriteLine($"Server {fhirBase}: {files.Count} bundles, {clients} clients");

        var created = new List<string>();
        var ordered = files.Where(f => f.Shared).Concat(files.Where(f => !f.Shared)).ToList();
        var shared = ordered.Where(f => f.Shared).ToList();
        var patients = ordered.Where(f => !f.Shared).ToList();
        var (sharedResources, sharedTime) = await IngestAsync(http, fhirBase, shared, 1, created, cancellationToken);
        var (patientResources, patientTime) = await IngestAsync(http, fhirBase, patients, clients, created, cancellationToken);
        var resources = sharedResources + patientResources;
        var seconds = (sharedTime + patientTime).TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Ingest: {resources} resources in {files.Count} transactions, {seconds:F2} s, {resources / seconds:F0} resources/s (patient bundles alone, {clients} clients: {patientResources / Math.Max(patientTime.TotalSeconds, 1e-9):F0} resources/s)"));

        var latencies = await ReadAsync(http, fhirBase, created, clients, reads, cancellationToken);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Reads: {latencies.Count} in {latencies.Elapsed.TotalSeconds:F2} s, {latencies.Count / latencies.Elapsed.TotalSeconds:F0} reads/s, p50 {latencies.Percentile(0.50):F2} ms, p99 {latencies.Percentile(0.99):F2} ms, max {latencies.Percentile(1.0):F2} ms ({clients} clients)"));
        return 0;
    }

    private sealed record SampleFile(string Path, bool Shared);

    private static List<SampleFile> SampleFiles(string? folder)
    {
        var root = folder ?? (Directory.Exists(Path.Combine("..", "shared", "samples", "synthea")) ? Path.Combine("..", "shared", "samples", "synthea") : "fhir-samples");
        if (!Directory.Exists(root))
        {
            return [];
        }

        var shared = Directory.Exists(Path.Combine(root, "shared")) ? Directory.GetFiles(Path.Combine(root, "shared"), "*.json") : [];
        var patients = Directory.Exists(Path.Combine(root, "patients")) ? Directory.GetFiles(Path.Combine(root, "patients"), "*.json") : [];
        var loose = Directory.GetFiles(root, "*.json").Where(IsTransaction);
        return [.. shared.Order(StringComparer.Ordinal).Select(f => new SampleFile(f, true)), .. patients.Concat(loose).Order(StringComparer.Ordinal).Select(f => new SampleFile(f, false))];
    }

    private static bool IsTransaction(string file)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(file));
        return document.RootElement.TryGetProperty("type", out var type) && type.GetString() == "transaction";
    }

    private static async Task<(int Resources, TimeSpan Elapsed)> IngestAsync(HttpClient http, string fhirBase, List<SampleFile> files, int clients, List<string> created, CancellationToken cancellationToken)
    {
        var bodies = files.Select(f => File.ReadAllBytes(f.Path)).ToList();
        var resources = 0;
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Math.Min(clients, Math.Max(1, bodies.Count))).Select(async _ =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < bodies.Count)
            {
                using var content = new ByteArrayContent(bodies[index]);
                content.Headers.ContentType = new MediaTypeHeaderValue("application/fhir+json");
                using var request = new HttpRequestMessage(HttpMethod.Post, fhirBase) { Content = content };
                request.Headers.Add("Prefer", "return=minimal");
                using var response = await http.SendAsync(request, cancellationToken);
                var text = await response.Content.ReadAsStringAsync(cancellationToken);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    throw new InvalidOperationException($"{files[index].Path}: HTTP {(int)response.StatusCode}: {text[..Math.Min(text.Length, 800)]}");
                }

                var locations = Locations(text);
                Interlocked.Add(ref resources, locations.Count);
                lock (created)
                {
                    created.AddRange(locations);
                }
            }
        }));
        return (resources, clock.Elapsed);
    }

    /// <summary>The <c>Type/id</c> of every created entry of a transaction-response.</summary>
    private static List<string> Locations(string transactionResponse)
    {
        using var document = JsonDocument.Parse(transactionResponse);
        var result = new List<string>();
        foreach (var entry in document.RootElement.GetProperty("entry").EnumerateArray())
        {
            if (entry.TryGetProperty("response", out var response) && response.TryGetProperty("location", out var location) && location.GetString() is { } value)
            {
                var parts = value.Split('/');
                var history = Array.LastIndexOf(parts, "_history");
                if (history >= 2)
                {
                    result.Add($"{parts[history - 2]}/{parts[history - 1]}");
                }
            }
        }

        return result;
    }

    private static async Task<Latencies> ReadAsync(HttpClient http, string fhirBase, List<string> targets, int clients, int reads, CancellationToken cancellationToken)
    {
        // Warm up connections and the server's code paths before timing.
        foreach (var target in targets.Take(clients * 4))
        {
            using var warm = await http.GetAsync($"{fhirBase}/{target}", cancellationToken);
        }

        var samples = new double[reads];
        var next = -1;
        var failures = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async client =>
        {
            var random = new Random(client);
            int index;
            while ((index = Interlocked.Increment(ref next)) < reads)
            {
                var started = Stopwatch.GetTimestamp();
                using var response = await http.GetAsync($"{fhirBase}/{targets[random.Next(targets.Count)]}", HttpCompletionOption.ResponseContentRead, cancellationToken);
                samples[index] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    Interlocked.Increment(ref failures);
                }
            }
        }));
        var elapsed = clock.Elapsed;
        if (failures > 0)
        {
            throw new InvalidOperationException($"{failures} of {reads} reads did not answer 200.");
        }

        return new Latencies(samples, elapsed);
    }

    private sealed class Latencies(double[] samples, TimeSpan elapsed)
    {
        private readonly double[] sorted = [.. samples.Order()];

        public int Count => sorted.Length;

        public TimeSpan Elapsed => elapsed;

        public double Percentile(double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
    }

    private static async Task<bool> IsLoopbackAsync(Uri uri, CancellationToken cancellationToken)
    {
        if (uri.Scheme is not ("http" or "https"))
        {
            return false;
        }

        if (uri.IsLoopback)
        {
            return true;
        }

        var addresses = await Dns.GetHostAddressesAsync(uri.DnsSafeHost, cancellationToken);
        return addresses.Length > 0 && addresses.All(IPAddress.IsLoopback);
    }
}
