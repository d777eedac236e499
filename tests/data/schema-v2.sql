-- A brief database of schema version 2, as brief 0.2.0 wrote it (a 简报 whose date came from
-- its masthead, date_source 'text', and a bulletin in traditional script), for
-- tests/e2e/ingest_text.sh to migrate to version 3. Made with sqlite3 .dump; do not edit.
PRAGMA application_id = 1112688966;
PRAGMA user_version = 2;
PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE bulletins(
  id INTEGER PRIMARY KEY,
  source TEXT,
  sha256 TEXT NOT NULL UNIQUE,
  issued_on TEXT CHECK (issued_on IS NULL OR issued_on GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
  date_source TEXT,
  ingested_at TEXT NOT NULL,
  encoding TEXT NOT NULL,
  file_name TEXT,
  bytes INTEGER NOT NULL,
  article_count INTEGER NOT NULL,
  furniture_lines INTEGER NOT NULL DEFAULT 0,
  joined_breaks INTEGER NOT NULL DEFAULT 0
);
INSERT INTO bulletins VALUES(1,'in','0b83dba704fceb711f4dd0e9b002d0800d6f0acb79734bb9d7fb4c34b5afbcdd','2023-10-20','option','2026-12-07T03:29:29Z','utf-8','in/trad.txt',210,1,0,0);
INSERT INTO bulletins VALUES(2,'in','92937dd88375dcce0df8a281c9ff6212049b72adbf76cc48b6e8ebbbb19e17da','2023-10-27','text','2026-12-07T03:29:30Z','utf-8','in/jianbao.txt',295,1,0,0);
CREATE TABLE articles(
  id INTEGER PRIMARY KEY,
  bulletin_id INTEGER NOT NULL REFERENCES bulletins(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL CHECK (seq >= 1),
  title TEXT NOT NULL,
  subtitle TEXT,
  body TEXT NOT NULL,
  chars INTEGER NOT NULL,
  paragraph_count INTEGER NOT NULL, paragraph_spans TEXT NOT NULL DEFAULT '[]',
  UNIQUE (bulletin_id, seq)
);
INSERT INTO articles VALUES(1,1,1,'重慶市總工會舉辦職工技能競賽',NULL,replace('10月20日,重慶市總工會在九龍坡區舉辦職工技能競賽,三百餘名職工參加,市總工會負責人出席。\n競賽設置電工、焊工等項目。','\n',char(10)),60,2,'[[0,46],[47,13]]');
INSERT INTO articles VALUES(2,2,1,'九龙坡区总工会召开专题会议',NULL,replace('近日,九龙坡区总工会召开专题会议,传达学习中国工会十八大精神,研究“五型工会”建设举措。\n会议要求各级工会认真抓好落实。','\n',char(10)),60,2,'[[0,44],[45,15]]');
CREATE TABLE mentions(
  article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('place', 'org', 'term')),
  value TEXT NOT NULL,
  district TEXT,
  count INTEGER NOT NULL CHECK (count >= 1),
  PRIMARY KEY (article_id, kind, value)
) WITHOUT ROWID;
INSERT INTO mentions VALUES(2,'org','九龙坡区总工会','九龙坡区',2);
INSERT INTO mentions VALUES(2,'place','九龙坡区',NULL,2);
INSERT INTO mentions VALUES(2,'term','五型工会',NULL,1);
PRAGMA writable_schema=ON;
INSERT INTO sqlite_schema(type,name,tbl_name,rootpage,sql)VALUES('table','articles_fts','articles_fts',0,'CREATE VIRTUAL TABLE articles_fts USING fts5(
  title, subtitle, body, content=''articles'', content_rowid=''id'', tokenize=''trigram'',
  detail=''none'')');
CREATE TABLE IF NOT EXISTS 'articles_fts_data'(id INTEGER PRIMARY KEY, block BLOB);
INSERT INTO articles_fts_data VALUES(1,X'02170074');
INSERT INTO articles_fts_data VALUES(10,X'000000020102020002010101020101');
INSERT INTO articles_fts_data VALUES(137438953473,X'0000023a08300ae7abb6e8b3bd0101072ce4b889e799be010206e5b882e7b8bd010206e9878de685b601010530e697a52c0103039c88320101053130e69c880101053230e697a5010109e38081e7848ae5b7a5010305820ae7abb6010109e4b889e799bee9a498010208b99de9be8de59da1010208babae587bae5b8ad010109e587bae5b8ade380820102068aa02ce5b8820102088d80e88889e8bea60102068f83e58aa02c010208908de881b7e5b7a50102089ca8e4b99de9be8d0102089da1e58d80e88889010208b7a5e38081e7848a010406e58f83e58aa0010406e68a80e883bd0105059c83e59ca8010703e88889010802b2a0010406e7ad89e9a085010208b882e7b8bde5b7a5010305ade380820a010109e685b6e5b882e7b8bd0102088a80e883bde7abb601020697a52ce9878d0102089c83e59ca8e4b99d010406e88889e8bea6010505b2a0e8b2ac010303883230010109e7848ae5b7a5e7ad8901020899bee9a498e5908d010206abb6e8b3bd2c010703e8a8ad010208ad89e9a085e79bae010208b8bde5b7a5e69c83010208bdaee99bbbe5b7a5010109e881b7e5b7a5e58f83010703e68a8001020883bde7abb6e8b3bd0102088889e8bea6e881b7010208a8ade7bdaee99bbb010208b2a0e8b2ace4baba010307ace4babae587ba010206b3bd2ce4b889010406e8a8ade7bdae010208bea6e881b7e5b7a5010109e9878de685b6e5b8820102089bbbe5b7a5e38081010208a085e79baee38082010208a498e5908de881b7010208be8de59da1e58d8001040a0a0909080608080c080c0b0b0c090b090b0b0b0b0909080605090b080c0b090b0908060c0b09060b0b0b0c060b0b0b0b0a09090b0c0b0b0b');
INSERT INTO articles_fts_data VALUES(274877906945,X'0000024a08300ae4bc9ae8aeae0201072ce4b99de9be99020305bca0e8bebe020206e7a094e7a9b6020109e2809ce4ba94e59e8b0203079de5bbbae8aebe020107e380820ae4bc9a020109e4b893e9a298e4bc9a020307ade59bbde5b7a5020307bee68eaae38082020208b99de9be99e59da1020307a0e4b8ade59bbd020208ba94e59e8be5b7a5020208bc9ae2809de5bbba020406e58d81e585ab0205058face5bc80020406e8aea4e79c9f020602ae2c020703e8a681020307a0e8bebee5ada6020109e585abe5a4a7e7b2be0202088cbae680bbe5b7a50202088d81e585abe5a4a70202088face5bc80e4b8930202089084e7baa7e5b7a50202089bbde5b7a5e4bc9a0202089da1e58cbae680bb0202089e8be5b7a5e4bc9a020208a4a7e7b2bee7a59e020208a5bde890bde5ae9e020208ada6e4b9a0e4b8ad020208b7a5e4bc9ae2809d020703e58d810208028fac020703e8aea4020208bbbae8aebee4b8be020208bc80e4b893e9a298020109e680bbe5b7a5e4bc9a0202088a93e5a5bde890bd0202068eaae380820a02020697a52ce4b99d020208b182e59084e7baa7020109e79c9fe68a93e5a5bd020208a094e7a9b6e2809c020206a59e2ce7a094020208a9b6e2809ce4ba94020206b2bee7a59e2c020208baa7e5b7a5e4bc9a020109e890bde5ae9ee38082020208a681e6b182e59084020208aea4e79c9fe68a93020305ae2ce4bca0020406e8a681e6b182020307bee4b8bee68eaa020208bebee5ada6e4b9a0020206bf91e697a52c020109e9a298e4bc9ae8aeae020208be99e59da1e58cba02040a0a08090c0a0a0c0a0a0b0a0b0b09080905060a0c0b0b0b0b0b0b0b0b0b0b0b0605060b0b0c0b09090b0c0b090b090b0c0b0b08090a0b090c');
CREATE TABLE IF NOT EXISTS 'articles_fts_idx'(segid, term, pgno, PRIMARY KEY(segid, term)) WITHOUT ROWID;
INSERT INTO articles_fts_idx VALUES(1,X'',2);
INSERT INTO articles_fts_idx VALUES(2,X'',2);
CREATE TABLE IF NOT EXISTS 'articles_fts_docsize'(id INTEGER PRIMARY KEY, sz BLOB);
INSERT INTO articles_fts_docsize VALUES(1,X'0c003a');
INSERT INTO articles_fts_docsize VALUES(2,X'0b003a');
CREATE TABLE IF NOT EXISTS 'articles_fts_config'(k PRIMARY KEY, v) WITHOUT ROWID;
INSERT INTO articles_fts_config VALUES('automerge',16);
INSERT INTO articles_fts_config VALUES('crisismerge',64);
INSERT INTO articles_fts_config VALUES('version',4);
CREATE TABLE runs(
  id INTEGER PRIMARY KEY,
  job TEXT NOT NULL,
  params TEXT CHECK (params IS NULL OR json_valid(params)),
  started_at TEXT NOT NULL,
  finished_at TEXT,
  status TEXT NOT NULL,
  output TEXT,
  bytes INTEGER,
  error TEXT,
  inputs_hash TEXT
);
CREATE INDEX bulletins_issued_on ON bulletins(issued_on);
CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
  INSERT INTO articles_fts(articles_fts, rowid, title, subtitle, body)
  VALUES ('delete', old.id, old.title, old.subtitle, old.body);
END;
CREATE INDEX runs_job_started ON runs(job, started_at);
CREATE VIEW articles_v AS
  SELECT a.id, a.bulletin_id, b.issued_on, b.source, a.seq, a.title, a.subtitle,
         a.body, a.chars, a.paragraph_count, b.file_name
  FROM articles a JOIN bulletins b ON b.id = a.bulletin_id;
CREATE VIEW mentions_v AS
  SELECT m.article_id, a.bulletin_id, b.issued_on, b.source, a.title,
         m.kind, m.value, m.district, m.count
  FROM mentions m JOIN articles a ON a.id = m.article_id
  JOIN bulletins b ON b.id = a.bulletin_id;
CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, subtitle, body ON articles BEGIN
  INSERT INTO articles_fts(articles_fts, rowid, title, subtitle, body)
  VALUES ('delete', old.id, old.title, old.subtitle, old.body);
  INSERT INTO articles_fts(rowid, title, subtitle, body)
  VALUES (new.id, new.title, new.subtitle, new.body);
END;
CREATE VIEW paragraphs AS
  SELECT a.id AS article_id, j.key + 1 AS seq,
         substr(a.body, (j.value ->> 0) + 1, j.value ->> 1) AS text,
         j.value ->> 1 AS chars
  FROM articles a, json_each(a.paragraph_spans) j;
PRAGMA writable_schema=OFF;
COMMIT;
