using Microsoft.EntityFrameworkCore;

namespace FhirChain.FhirApi.Storage;

/// <summary>The Sqlite schema; its migrations live in Storage/Migrations/Sqlite.</summary>
internal sealed class SqliteFhirDbContext(DbContextOptions<SqliteFhirDbContext> options) : FhirDbContext(options);
