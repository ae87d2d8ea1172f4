// DbPractices.Sample: an EF Core (SQLite) app with one case per rule under Cases/.
// Each case shows code that a rule reports and, beside it, the corrected code that stays silent.
// Migrations/ holds one EF Core migration per migration rule (DBP014-DBP016) beside the scaffolded shape no rule reports.
// Build it to see the diagnostics: dotnet build samples/DbPractices.Sample --no-incremental
// No database is needed to build; running it only prints the rules it demonstrates.

using System;

Console.WriteLine("DbPractices.Sample: build this project to see the DBP diagnostics. Cases live in Cases/*.cs.");
