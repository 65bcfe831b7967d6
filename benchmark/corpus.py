"""Synthetic diplomatic news for benchmarking the archive at 1k, 10k and 100k articles.

    python benchmark/corpus.py --size 10000 --seed 1 --out /tmp/corpus.jsonl \\
        [--people-out people.json] [--sources-out sources.json] [--jobs 2]

Writes JSON lines in the importer's format (archive.ingest.jsonl): ``title``, ``body`` (plain
text, paragraphs split by a blank line), ``source``, ``url``, ``published`` (a day, a month,
or absent when unknown), ``authors`` and ``language``.

How the text is made, and why:

- Fluency comes from a word-level trigram chain trained on the seed articles in
  fixtures/seeds (with a bigram back-off, so that it splices sentences instead of reciting
  them) and from hand-written sentences for each topic (summits, missile tests, sanctions,
  parades, visits, trade, talks...).
- Realistic word frequencies come from replacing some content words of those sentences with
  real English words drawn by their real frequency: wordfreq gives the frequencies, and the
  english-words dictionaries keep out what wordfreq counts but a reporter would not write in
  lower case (names, brands, abbreviations). The draw keeps the suffix class
  ("establishment" becomes another "-ment" word) so the copy stays roughly grammatical, and
  the frequencies give the Zipf-shaped vocabulary, with its long tail of rare terms, that a
  search index must cope with.
- People (``generate_people``) and sources (``generate_sources``) are fixed tables built from
  the seed. Mentions follow newsroom habits: a full name with a descriptor first ("Chinese
  President Xi Jinping"), short forms after ("Mr Xi", "President Xi", "Xi"), with the hard
  cases a tagger meets (writer credits, photo captions, "the moon", two Kims in one story).

Deterministic: article i depends only on (seed, i) and on tables built from the seed, so the
1k corpus is the first 1,000 lines of the 10k corpus with the same seed, and the output does
not depend on --jobs. The word lists come from wordfreq==3.1.1 and english-words==2.0.2: pin
both (requirements-dev.txt), since other versions give other text.
"""

import argparse
import bisect
import datetime
import functools
import itertools
import json
import math
import multiprocessing
import os
import random
import re
import sys
import time
import unicodedata
from collections import defaultdict
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent
SEEDS_DIR = ROOT / "fixtures" / "seeds"

FIRST_DAY = datetime.date(2000, 1, 1)
LAST_DAY = datetime.date(2026, 10, 31)
PEOPLE_TOTAL = 1000
GENERATED_SOURCES = 250
VOCABULARY_SIZE = 60000  # wordfreq's most frequent words considered for substitution
CHUNK = 100  # articles per unit of work (and per write)
# Share of the swappable words of a sentence replaced by vocabulary draws: seed-chain copy,
# and hand-written sentences (which read better untouched, but would repeat word for word).
CHAIN_SWAPS = 0.35
TEMPLATE_SWAPS = 0.2


def _word_set(text):
    return frozenset(text.split())


# The data tables below are kept one record a line, as written, for reading and review.
# fmt: off

# ---------------------------------------------------------------------------------------------
# Sources
# ---------------------------------------------------------------------------------------------

# (name, kind, country, domain, weight, spelling, honorific). Names are the canonical names of
# archive.ingest.sources where it knows the outlet, so an imported article keeps its source.
# Spelling and honorific follow each house style: AP writes "U.S." and a bare "Kim", the
# Guardian "US" and "Mr Kim", the New York Times "Mr. Kim".
REAL_SOURCES = (
    ("Associated Press", "wire", "United States", "apnews.com", 60, "us", ""),
    ("Reuters", "wire", "United Kingdom", "www.reuters.com", 50, "us", ""),
    ("Agence France-Presse", "wire", "France", "www.afp.com", 30, "uk", ""),
    ("Yonhap", "wire", "South Korea", "en.yna.co.kr", 30, "us", ""),
    ("Xinhua", "state_media", "China", "english.news.cn", 16, "us", ""),
    ("Korean Central News Agency", "state_media", "North Korea", "www.kcna.kp", 12, "uk", ""),
    ("Kyodo News", "wire", "Japan", "english.kyodonews.net", 10, "us", ""),
    ("Al Jazeera", "broadcaster", "Qatar", "www.aljazeera.com", 10, "uk", ""),
    ("BBC News", "broadcaster", "United Kingdom", "www.bbc.co.uk", 9, "uk", "Mr"),
    ("CNN", "broadcaster", "United States", "edition.cnn.com", 8, "us", ""),
    ("The New York Times", "newspaper", "United States", "www.nytimes.com", 8, "us", "Mr."),
    ("The Guardian", "newspaper", "United Kingdom", "www.theguardian.com", 7, "uk", "Mr"),
    ("NK News", "other", "South Korea", "www.nknews.org", 7, "us", ""),
    ("Press TV", "state_media", "Iran", "www.presstv.ir", 4, "us", ""),
    ("TASS", "state_media", "Russia", "tass.com", 5, "us", ""),
    ("Global Times", "state_media", "China", "www.globaltimes.cn", 5, "us", ""),
    ("The Korea Herald", "newspaper", "South Korea", "www.koreaherald.com", 5, "us", ""),
    ("The Korea Times", "newspaper", "South Korea", "www.koreatimes.co.kr", 4, "us", ""),
    ("South China Morning Post", "newspaper", "Hong Kong", "www.scmp.com", 4, "uk", ""),
    ("The Washington Post", "newspaper", "United States", "www.washingtonpost.com", 4, "us", ""),
    ("The Telegraph", "newspaper", "United Kingdom", "www.telegraph.co.uk", 3, "uk", "Mr"),
    ("CGTN", "state_media", "China", "www.cgtn.com", 3, "us", ""),
    ("China Daily", "state_media", "China", "www.chinadaily.com.cn", 3, "us", ""),
    ("CCTV", "state_media", "China", "english.cctv.com", 2, "us", ""),
    ("RIA Novosti", "state_media", "Russia", "ria.ru", 2, "us", ""),
    ("Rodong Sinmun", "state_media", "North Korea", "www.rodong.rep.kp", 2, "uk", ""),
    ("NHK World", "broadcaster", "Japan", "www3.nhk.or.jp", 3, "us", ""),
    ("PA Media", "wire", "United Kingdom", "pa.media", 3, "uk", "Mr"),
    ("dpa", "wire", "Germany", "www.dpa.com", 2, "uk", ""),
    ("Bloomberg", "wire", "United States", "www.bloomberg.com", 3, "us", ""),
    ("United Press International", "wire", "United States", "www.upi.com", 2, "us", ""),
    ("Australian Associated Press", "wire", "Australia", "www.aap.com.au", 1, "uk", ""),
    ("The Japan Times", "newspaper", "Japan", "www.japantimes.co.jp", 2, "us", ""),
    ("Voice of America", "broadcaster", "United States", "www.voanews.com", 2, "us", ""),
    ("Radio Free Asia", "broadcaster", "United States", "www.rfa.org", 2, "us", ""),
    ("Korea JoongAng Daily", "newspaper", "South Korea", "koreajoongangdaily.joins.com", 2,
     "us", ""),
    ("The Chosun Ilbo", "newspaper", "South Korea", "english.chosun.com", 2, "us", ""),
    ("The Hankyoreh", "newspaper", "South Korea", "english.hani.co.kr", 1, "us", ""),
    ("Nikkei Asia", "newspaper", "Japan", "asia.nikkei.com", 2, "uk", ""),
    ("The Straits Times", "newspaper", "Singapore", "www.straitstimes.com", 2, "uk", ""),
    ("Financial Times", "newspaper", "United Kingdom", "www.ft.com", 2, "uk", "Mr"),
    ("The Wall Street Journal", "newspaper", "United States", "www.wsj.com", 2, "us", "Mr."),
    ("The Independent", "newspaper", "United Kingdom", "www.independent.co.uk", 1, "uk", "Mr"),
    ("Sky News", "broadcaster", "United Kingdom", "news.sky.com", 1, "uk", ""),
    ("NPR", "broadcaster", "United States", "www.npr.org", 1, "us", ""),
    ("Deutsche Welle", "broadcaster", "Germany", "www.dw.com", 1, "uk", ""),
    ("France 24", "broadcaster", "France", "www.france24.com", 1, "uk", ""),
    ("The Diplomat", "other", "Japan", "thediplomat.com", 1, "us", ""),
    ("38 North", "other", "United States", "www.38north.org", 1, "us", ""),
    ("Foreign Policy", "other", "United States", "foreignpolicy.com", 1, "us", ""),
    ("The Economist", "newspaper", "United Kingdom", "www.economist.com", 1, "uk", "Mr"),
    ("Arirang", "broadcaster", "South Korea", "www.arirang.com", 1, "us", ""),
    ("KBS World", "broadcaster", "South Korea", "world.kbs.co.kr", 1, "us", ""),
    ("The Asahi Shimbun", "newspaper", "Japan", "www.asahi.com", 1, "us", ""),
    ("The Mainichi", "newspaper", "Japan", "mainichi.jp", 1, "us", ""),
)

# Cities and regions that made-up outlets are named after, with their country.
OUTLET_PLACES = (
    ("Busan", "South Korea"), ("Incheon", "South Korea"), ("Daegu", "South Korea"),
    ("Gwangju", "South Korea"), ("Daejeon", "South Korea"), ("Ulsan", "South Korea"),
    ("Jeju", "South Korea"), ("Gangwon", "South Korea"), ("Honam", "South Korea"),
    ("Osaka", "Japan"), ("Nagoya", "Japan"), ("Sapporo", "Japan"), ("Fukuoka", "Japan"),
    ("Kobe", "Japan"), ("Hokkaido", "Japan"), ("Kyushu", "Japan"), ("Okinawa", "Japan"),
    ("Kansai", "Japan"), ("Shanghai", "China"), ("Guangzhou", "China"), ("Shenzhen", "China"),
    ("Tianjin", "China"), ("Dalian", "China"), ("Shenyang", "China"), ("Harbin", "China"),
    ("Liaoning", "China"), ("Jilin", "China"), ("Fujian", "China"), ("Vladivostok", "Russia"),
    ("Khabarovsk", "Russia"), ("Novosibirsk", "Russia"), ("Primorye", "Russia"),
    ("Sakhalin", "Russia"), ("Siberia", "Russia"), ("Seattle", "United States"),
    ("Portland", "United States"), ("Denver", "United States"), ("Boston", "United States"),
    ("Chicago", "United States"), ("Honolulu", "United States"), ("San Diego", "United States"),
    ("Atlanta", "United States"), ("Midwest", "United States"),
    ("Pacific Northwest", "United States"), ("Toronto", "Canada"), ("Vancouver", "Canada"),
    ("Ontario", "Canada"), ("Sydney", "Australia"), ("Melbourne", "Australia"),
    ("Brisbane", "Australia"), ("Queensland", "Australia"), ("Auckland", "New Zealand"),
    ("Wellington", "New Zealand"), ("Manchester", "United Kingdom"), ("Leeds", "United Kingdom"),
    ("Glasgow", "United Kingdom"), ("Bristol", "United Kingdom"), ("Dublin", "Ireland"),
    ("Manila", "Philippines"), ("Hanoi", "Vietnam"), ("Jakarta", "Indonesia"),
    ("Bangkok", "Thailand"), ("Kuala Lumpur", "Malaysia"), ("Ulaanbaatar", "Mongolia"),
    ("Taipei", "Taiwan"), ("New Delhi", "India"), ("Mumbai", "India"), ("Karachi", "Pakistan"),
    ("Dubai", "United Arab Emirates"), ("Geneva", "Switzerland"), ("Vienna", "Austria"),
    ("Stockholm", "Sweden"), ("Warsaw", "Poland"),
)
OUTLET_REGIONS = (
    ("Pacific", ""), ("East Asia", ""), ("Northeast Asia", ""), ("Asia-Pacific", ""),
    ("Yellow Sea", ""), ("Far East", "Russia"), ("Korea", "South Korea"), ("Indo-Pacific", ""),
    ("Mekong", "Vietnam"), ("Baltic", ""), ("Atlantic", ""), ("Nordic", ""), ("Gulf", ""),
    ("Himalaya", "India"), ("Manchuria", "China"), ("Eurasia", ""),
    ("Central Asia", "Kazakhstan"), ("Tumen River", ""),
)
PAPER_WORDS = (
    "Herald", "Times", "Tribune", "Gazette", "Post", "Daily", "Chronicle", "Observer", "Courier",
    "Journal", "Examiner", "Star", "Sentinel", "Record", "Standard", "Dispatch", "Daily News",
    "Evening Post", "Daily Herald", "Inquirer", "Bulletin", "Press", "Mercury", "Argus",
)
SPELLING_BY_COUNTRY = {
    "United Kingdom": "uk", "Australia": "uk", "New Zealand": "uk", "Ireland": "uk",
    "India": "uk", "Pakistan": "uk", "Singapore": "uk", "Hong Kong": "uk", "Malaysia": "uk",
}
TLD_BY_COUNTRY = {
    "South Korea": "co.kr", "Japan": "jp", "China": "cn", "Russia": "ru",
    "United Kingdom": "co.uk", "Australia": "com.au", "New Zealand": "co.nz", "Canada": "ca",
    "India": "in", "Ireland": "ie", "Taiwan": "tw", "Vietnam": "vn", "Philippines": "ph",
}

# ---------------------------------------------------------------------------------------------
# People
# ---------------------------------------------------------------------------------------------

# Real people: (name, short_name, is_leader, country, role, aliases, years active as
# ((first, last), ...) or None for always, descriptors for a first mention, title used before
# the surname ("President Xi") or "", gender, weight). The weights put leaders at the head of
# the Zipf over people: Kim Jong Un is in far more stories than anyone else.
REAL_PEOPLE = (
    ("Kim Jong Un", "Kim", True, "North Korea", "Supreme Leader of North Korea",
     ("Kim Jong-un", "Kim Jong-eun", "김정은", "金正恩"), ((2010, 2026),),
     ("North Korean leader", "North Korea's leader"), "", "m", 100),
    ("Xi Jinping", "Xi", True, "China", "President of China", ("习近平", "習近平", "시진핑"),
     ((2012, 2026),), ("Chinese President", "Chinese leader"), "President", "m", 60),
    ("Donald Trump", "Trump", True, "United States", "President of the United States",
     ("Donald J. Trump", "도널드 트럼프", "唐纳德·特朗普"), ((2016, 2020), (2024, 2026)),
     ("US President", "President"), "President", "m", 55),
    ("Vladimir Putin", "Putin", True, "Russia", "President of Russia",
     ("Vladimir Vladimirovich Putin", "Владимир Путин", "普京"), ((2000, 2026),),
     ("Russian President", "Russian leader"), "President", "m", 35),
    ("Moon Jae-in", "Moon", True, "South Korea", "President of South Korea (2017–2022)",
     ("문재인", "文在寅"), ((2017, 2022),), ("South Korean President",), "President", "m", 35),
    ("Yoon Suk Yeol", "Yoon", True, "South Korea", "President of South Korea (2022–2025)",
     ("Yoon Suk-yeol", "윤석열"), ((2022, 2025),), ("South Korean President",), "President",
     "m", 25),
    ("Joe Biden", "Biden", True, "United States", "President of the United States (2021–2025)",
     ("Joseph R. Biden", "Joseph Biden"), ((2020, 2024),), ("US President",), "President",
     "m", 25),
    ("Shinzo Abe", "Abe", True, "Japan", "Prime Minister of Japan (2006–2007, 2012–2020)",
     ("Abe Shinzo", "安倍晋三"), ((2006, 2007), (2012, 2020)), ("Japanese Prime Minister",),
     "Prime Minister", "m", 18),
    ("Fumio Kishida", "Kishida", True, "Japan", "Prime Minister of Japan (2021–2024)",
     ("Kishida Fumio", "岸田文雄"), ((2021, 2024),), ("Japanese Prime Minister",),
     "Prime Minister", "m", 10),
    ("Lee Jae-myung", "Lee", True, "South Korea", "President of South Korea", ("이재명",),
     ((2025, 2026),), ("South Korean President",), "President", "m", 14),
    ("Kim Jong Il", "Kim", True, "North Korea", "Leader of North Korea (1994–2011)",
     ("Kim Jong-il", "김정일", "金正日"), ((2000, 2011),), ("North Korean leader",), "", "m", 45),
    ("Hu Jintao", "Hu", True, "China", "President of China (2003–2013)", ("胡锦涛",),
     ((2002, 2012),), ("Chinese President",), "President", "m", 22),
    ("Jiang Zemin", "Jiang", True, "China", "President of China (1993–2003)", ("江泽民",),
     ((2000, 2002),), ("Chinese President",), "President", "m", 20),
    ("Li Qiang", "Li", True, "China", "Premier of China", ("李强",), ((2023, 2026),),
     ("Chinese Premier",), "Premier", "m", 6),
    ("Li Keqiang", "Li", True, "China", "Premier of China (2013–2023)", ("李克强",),
     ((2013, 2023),), ("Chinese Premier",), "Premier", "m", 6),
    ("Wen Jiabao", "Wen", True, "China", "Premier of China (2003–2013)", ("温家宝",),
     ((2003, 2013),), ("Chinese Premier",), "Premier", "m", 6),
    ("Barack Obama", "Obama", True, "United States",
     "President of the United States (2009–2017)", ("Barack H. Obama",), ((2008, 2016),),
     ("US President",), "President", "m", 22),
    ("George W. Bush", "Bush", True, "United States",
     "President of the United States (2001–2009)", ("George Walker Bush",), ((2001, 2008),),
     ("US President",), "President", "m", 25),
    ("Dmitry Medvedev", "Medvedev", True, "Russia", "President of Russia (2008–2012)",
     ("Dmitri Medvedev", "Дмитрий Медведев"), ((2008, 2012),), ("Russian President",),
     "President", "m", 8),
    ("Park Geun-hye", "Park", True, "South Korea", "President of South Korea (2013–2017)",
     ("박근혜",), ((2013, 2017),), ("South Korean President",), "President", "f", 14),
    ("Lee Myung-bak", "Lee", True, "South Korea", "President of South Korea (2008–2013)",
     ("이명박",), ((2008, 2013),), ("South Korean President",), "President", "m", 14),
    ("Roh Moo-hyun", "Roh", True, "South Korea", "President of South Korea (2003–2008)",
     ("노무현",), ((2003, 2008),), ("South Korean President",), "President", "m", 14),
    ("Kim Dae-jung", "Kim", True, "South Korea", "President of South Korea (1998–2003)",
     ("김대중",), ((2000, 2003),), ("South Korean President",), "President", "m", 16),
    ("Yoshihide Suga", "Suga", True, "Japan", "Prime Minister of Japan (2020–2021)",
     ("Suga Yoshihide", "菅義偉"), ((2020, 2021),), ("Japanese Prime Minister",),
     "Prime Minister", "m", 6),
    ("Shigeru Ishiba", "Ishiba", True, "Japan", "Prime Minister of Japan (2024–2025)",
     ("Ishiba Shigeru", "石破茂"), ((2024, 2025),), ("Japanese Prime Minister",),
     "Prime Minister", "m", 6),
    ("Sanae Takaichi", "Takaichi", True, "Japan", "Prime Minister of Japan",
     ("Takaichi Sanae", "高市早苗"), ((2025, 2026),), ("Japanese Prime Minister",),
     "Prime Minister", "f", 6),
    ("Junichiro Koizumi", "Koizumi", True, "Japan", "Prime Minister of Japan (2001–2006)",
     ("Koizumi Junichiro", "小泉純一郎"), ((2001, 2006),), ("Japanese Prime Minister",),
     "Prime Minister", "m", 8),
    # Officials, relatives and commentators: not heads of state or government.
    ("Kim Yo Jong", "Kim", False, "North Korea",
     "Senior Workers' Party official; sister of Kim Jong Un",
     ("Kim Yo-jong", "김여정", "金与正"), ((2014, 2026),),
     ("Kim Jong Un's sister", "senior North Korean official"), "", "f", 12),
    ("Mike Pompeo", "Pompeo", False, "United States", "US Secretary of State (2018–2021)",
     ("Michael R. Pompeo", "Michael Pompeo"), ((2017, 2020),), ("US Secretary of State",),
     "Secretary", "m", 10),
    ("John Bolton", "Bolton", False, "United States",
     "US National Security Adviser (2018–2019)", ("John R. Bolton",), ((2018, 2019),),
     ("US national security adviser",), "", "m", 5),
    ("Antony Blinken", "Blinken", False, "United States", "US Secretary of State (2021–2025)",
     ("Antony J. Blinken", "Tony Blinken"), ((2021, 2024),), ("US Secretary of State",),
     "Secretary", "m", 6),
    ("Marco Rubio", "Rubio", False, "United States", "US Secretary of State",
     ("Marco A. Rubio",), ((2025, 2026),), ("US Secretary of State",), "Secretary", "m", 5),
    ("Rex Tillerson", "Tillerson", False, "United States", "US Secretary of State (2017–2018)",
     ("Rex W. Tillerson",), ((2017, 2018),), ("US Secretary of State",), "Secretary", "m", 4),
    ("Hillary Clinton", "Clinton", False, "United States", "US Secretary of State (2009–2013)",
     ("Hillary Rodham Clinton",), ((2009, 2012),), ("US Secretary of State",), "Secretary",
     "f", 5),
    ("Condoleezza Rice", "Rice", False, "United States", "US Secretary of State (2005–2009)",
     ("Condi Rice",), ((2005, 2008),), ("US Secretary of State",), "Secretary", "f", 5),
    ("Colin Powell", "Powell", False, "United States", "US Secretary of State (2001–2005)",
     ("Colin L. Powell",), ((2001, 2004),), ("US Secretary of State",), "Secretary", "m", 5),
    ("Sergei Lavrov", "Lavrov", False, "Russia", "Foreign Minister of Russia",
     ("Sergey Lavrov", "Сергей Лавров"), ((2004, 2026),), ("Russian Foreign Minister",),
     "Foreign Minister", "m", 8),
    ("Sergei Shoigu", "Shoigu", False, "Russia", "Secretary of Russia's Security Council",
     ("Sergey Shoigu", "Сергей Шойгу"), ((2012, 2026),), ("Russian Defense Minister",), "",
     "m", 3),
    ("Dmitry Peskov", "Peskov", False, "Russia", "Kremlin spokesman", ("Dmitri Peskov",),
     ((2012, 2026),), ("Kremlin spokesman",), "", "m", 3),
    ("Wang Yi", "Wang", False, "China", "Foreign Minister of China", ("王毅",),
     ((2013, 2026),), ("Chinese Foreign Minister",), "Foreign Minister", "m", 8),
    ("Qin Gang", "Qin", False, "China", "Foreign Minister of China (2022–2023)", ("秦刚",),
     ((2023, 2023),), ("Chinese Foreign Minister",), "Foreign Minister", "m", 2),
    ("Hua Chunying", "Hua", False, "China", "Chinese foreign ministry spokeswoman",
     ("华春莹",), ((2012, 2026),), ("Chinese foreign ministry spokeswoman",), "", "f", 3),
    ("Hong Lei", "Hong", False, "China", "China's assistant minister of foreign affairs",
     ("洪磊",), ((2010, 2026),), ("Chinese foreign ministry official",), "", "m", 2),
    ("Choe Son Hui", "Choe", False, "North Korea", "Foreign Minister of North Korea",
     ("Choe Son-hui", "최선희"), ((2018, 2026),), ("North Korean Foreign Minister",),
     "Foreign Minister", "f", 6),
    ("Ri Son Gwon", "Ri", False, "North Korea", "Foreign Minister of North Korea (2020–2022)",
     ("Ri Son-gwon", "리선권"), ((2018, 2022),), ("North Korean Foreign Minister",),
     "Foreign Minister", "m", 4),
    ("Ri Yong Ho", "Ri", False, "North Korea", "Foreign Minister of North Korea (2016–2020)",
     ("Ri Yong-ho", "리용호"), ((2016, 2019),), ("North Korean Foreign Minister",),
     "Foreign Minister", "m", 4),
    ("Kim Yong Chol", "Kim", False, "North Korea", "Vice-chairman of the Workers' Party",
     ("Kim Yong-chol", "김영철"), ((2018, 2020),), ("senior North Korean official",), "",
     "m", 4),
    ("Choe Ryong Hae", "Choe", False, "North Korea", "Senior North Korean official",
     ("Choe Ryong-hae", "최룡해"), ((2010, 2026),), ("senior North Korean official",), "",
     "m", 3),
    ("Ri Sol Ju", "Ri", False, "North Korea", "Wife of Kim Jong Un",
     ("Ri Sol-ju", "리설주", "李雪主"), ((2012, 2026),), ("North Korean first lady",), "",
     "f", 3),
    ("Hyon Song Wol", "Hyon", False, "North Korea", "Senior Workers' Party official",
     ("Hyon Song-wol", "현송월"), ((2018, 2026),), ("North Korean official",), "", "f", 2),
    ("Kang Kyung-wha", "Kang", False, "South Korea",
     "Foreign Minister of South Korea (2017–2021)", ("강경화",), ((2017, 2020),),
     ("South Korean Foreign Minister",), "Foreign Minister", "f", 4),
    ("Chung Eui-yong", "Chung", False, "South Korea",
     "South Korean national security adviser and Foreign Minister", ("정의용",),
     ((2017, 2022),), ("South Korean national security adviser",), "", "m", 4),
    ("Park Jin", "Park", False, "South Korea", "Foreign Minister of South Korea (2022–2024)",
     ("박진",), ((2022, 2023),), ("South Korean Foreign Minister",), "Foreign Minister", "m", 3),
    ("Cho Tae-yul", "Cho", False, "South Korea", "Foreign Minister of South Korea (2024–2025)",
     ("조태열",), ((2024, 2025),), ("South Korean Foreign Minister",), "Foreign Minister",
     "m", 3),
    ("Ban Ki-moon", "Ban", False, "South Korea", "UN Secretary-General (2007–2016)",
     ("반기문",), ((2007, 2016),), ("UN Secretary-General",), "", "m", 4),
    ("Taro Kono", "Kono", False, "Japan", "Foreign Minister of Japan (2017–2019)",
     ("Kono Taro", "河野太郎"), ((2017, 2020),), ("Japanese Foreign Minister",),
     "Foreign Minister", "m", 3),
    ("Yoshimasa Hayashi", "Hayashi", False, "Japan", "Foreign Minister of Japan (2021–2023)",
     ("Hayashi Yoshimasa", "林芳正"), ((2021, 2023),), ("Japanese Foreign Minister",),
     "Foreign Minister", "m", 3),
    ("Stephen Biegun", "Biegun", False, "United States",
     "US special representative for North Korea", ("Stephen E. Biegun",), ((2018, 2020),),
     ("US special envoy",), "", "m", 3),
    ("Sung Kim", "Kim", False, "United States", "US special envoy for North Korea",
     ("Sung Y. Kim",), ((2018, 2023),), ("US special envoy",), "", "m", 3),
    ("Melania Trump", "Trump", False, "United States", "First Lady of the United States",
     ("Melania Knauss",), ((2017, 2020), (2025, 2026)), ("US first lady",), "", "f", 1),
    ("Antonio Guterres", "Guterres", False, "Portugal", "UN Secretary-General",
     ("António Guterres",), ((2017, 2026),), ("UN Secretary-General",), "", "m", 3),
    ("Christopher Hill", "Hill", False, "United States", "former US ambassador to South Korea",
     ("Christopher R. Hill",), None, ("former US ambassador to South Korea",), "", "m", 2),
    ("Ahn Yinhay", "Ahn", False, "South Korea",
     "professor of international relations at Korea University", ("Ahn Yin-hay", "안인해"),
     None, ("Korea University professor",), "", "f", 0),
    ("Divya Gopalan", "Gopalan", False, "", "Al Jazeera correspondent", (), None,
     ("Al Jazeera correspondent",), "", "f", 0),
    ("Hyung-jin Kim", "Kim", False, "South Korea", "Associated Press journalist in Seoul",
     (), None, ("Associated Press writer",), "", "m", 0),
)
REAL_ANALYSTS = {"Ahn Yinhay", "Christopher Hill"}
REAL_JOURNALISTS = {"Divya Gopalan": "Al Jazeera", "Hyung-jin Kim": "Associated Press"}

# Name parts: (romanisation, Hangul or Hanzi, other romanisations).
SK_SURNAMES = (
    ("Kim", "김", ("Gim",)), ("Lee", "이", ("Yi", "Rhee")), ("Park", "박", ("Bak",)),
    ("Choi", "최", ()), ("Jung", "정", ("Jeong",)), ("Kang", "강", ()), ("Cho", "조", ("Jo",)),
    ("Yoon", "윤", ("Yun",)), ("Jang", "장", ("Chang",)), ("Lim", "임", ("Im",)),
    ("Han", "한", ()), ("Oh", "오", ()), ("Seo", "서", ("Suh",)), ("Shin", "신", ("Sin",)),
    ("Kwon", "권", ()), ("Hwang", "황", ()), ("Ahn", "안", ()), ("Song", "송", ()),
    ("Hong", "홍", ()), ("Ryu", "류", ()), ("Jeon", "전", ("Chun",)), ("Ko", "고", ("Koh",)),
    ("Moon", "문", ("Mun",)), ("Yang", "양", ()), ("Son", "손", ("Sohn",)), ("Bae", "배", ()),
    ("Baek", "백", ("Paik",)), ("Heo", "허", ("Huh",)), ("Nam", "남", ()), ("Noh", "노", ()),
    ("Ha", "하", ()), ("Kwak", "곽", ()), ("Sung", "성", ()), ("Cha", "차", ()),
    ("Joo", "주", ()), ("Woo", "우", ()), ("Min", "민", ()), ("Yoo", "유", ()),
    ("Chae", "채", ()), ("Won", "원", ()), ("Bang", "방", ()), ("Hyun", "현", ()),
)
SK_SURNAME_WEIGHTS = (21, 15, 8, 5, 5, 2, 2, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
                      1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1)
SK_SYLLABLES = (
    ("ji", "지"), ("won", "원"), ("min", "민"), ("jun", "준"), ("hyun", "현"), ("seo", "서"),
    ("yeon", "연"), ("soo", "수"), ("young", "영"), ("ho", "호"), ("jin", "진"), ("woo", "우"),
    ("sung", "성"), ("hee", "희"), ("eun", "은"), ("hye", "혜"), ("jae", "재"), ("dong", "동"),
    ("chul", "철"), ("kyung", "경"), ("mi", "미"), ("hoon", "훈"), ("seok", "석"), ("tae", "태"),
    ("yong", "용"), ("sang", "상"), ("hwa", "화"), ("ha", "하"), ("bin", "빈"), ("gyu", "규"),
    ("hyuk", "혁"), ("in", "인"), ("myung", "명"), ("sook", "숙"), ("sun", "선"), ("wook", "욱"),
    ("beom", "범"), ("seung", "승"), ("joon", "준"), ("na", "나"), ("kwang", "광"), ("il", "일"),
)
NK_SURNAMES = (
    ("Kim", "김"), ("Ri", "리"), ("Pak", "박"), ("Choe", "최"), ("Jo", "조"), ("Ryu", "류"),
    ("Kang", "강"), ("Han", "한"), ("Jong", "정"), ("Hong", "홍"), ("Ju", "주"), ("Hyon", "현"),
    ("Kye", "계"), ("Rim", "림"), ("Ryom", "렴"), ("Yun", "윤"), ("Ro", "로"), ("Pyon", "변"),
    ("Sin", "신"), ("Thae", "태"), ("Kil", "길"), ("Jang", "장"),
)
NK_SURNAME_WEIGHTS = (20, 15, 6, 5, 3, 2, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1)
NK_SYLLABLES = (
    ("Yong", "용"), ("Chol", "철"), ("Son", "선"), ("Hui", "희"), ("Il", "일"), ("Nam", "남"),
    ("Kwang", "광"), ("Myong", "명"), ("Su", "수"), ("Gwon", "권"), ("Hyok", "혁"),
    ("Song", "성"), ("Chun", "춘"), ("Ok", "옥"), ("Sol", "설"), ("Thae", "태"), ("Pong", "봉"),
    ("Ung", "웅"), ("Jin", "진"), ("Hak", "학"), ("Chang", "창"), ("Ryong", "룡"), ("Hae", "해"),
    ("Sun", "순"), ("Gil", "길"), ("Kum", "금"), ("Hyang", "향"), ("Hun", "훈"), ("Gyong", "경"),
    ("Dok", "덕"), ("Sam", "삼"), ("Man", "만"), ("Bok", "복"), ("Ho", "호"), ("Chon", "천"),
)
CN_SURNAMES = (
    ("Wang", "王"), ("Li", "李"), ("Zhang", "张"), ("Liu", "刘"), ("Chen", "陈"), ("Yang", "杨"),
    ("Huang", "黄"), ("Zhao", "赵"), ("Wu", "吴"), ("Zhou", "周"), ("Xu", "徐"), ("Sun", "孙"),
    ("Ma", "马"), ("Zhu", "朱"), ("Hu", "胡"), ("Guo", "郭"), ("He", "何"), ("Gao", "高"),
    ("Lin", "林"), ("Luo", "罗"), ("Zheng", "郑"), ("Liang", "梁"), ("Xie", "谢"), ("Song", "宋"),
    ("Tang", "唐"), ("Han", "韩"), ("Feng", "冯"), ("Deng", "邓"), ("Cao", "曹"), ("Peng", "彭"),
    ("Zeng", "曾"), ("Xiao", "肖"), ("Tian", "田"), ("Dong", "董"), ("Pan", "潘"), ("Yuan", "袁"),
    ("Cai", "蔡"), ("Jiang", "蒋"), ("Yu", "余"), ("Du", "杜"), ("Ye", "叶"), ("Cheng", "程"),
    ("Wei", "魏"), ("Su", "苏"), ("Ding", "丁"), ("Ren", "任"), ("Shen", "沈"), ("Yao", "姚"),
    ("Fu", "傅"), ("Zhong", "钟"), ("Geng", "耿"), ("Kong", "孔"), ("Fan", "范"), ("Shi", "石"),
    ("Qian", "钱"), ("Bai", "白"), ("Cui", "崔"), ("Meng", "孟"),
)
CN_SYLLABLES = (
    ("jian", "建"), ("guo", "国"), ("xiao", "晓"), ("ming", "明"), ("hong", "红"), ("hua", "华"),
    ("wei", "伟"), ("li", "丽"), ("jun", "军"), ("yong", "勇"), ("tao", "涛"), ("bin", "斌"),
    ("hai", "海"), ("lin", "林"), ("ping", "平"), ("yan", "燕"), ("fang", "芳"), ("qiang", "强"),
    ("lei", "磊"), ("yang", "阳"), ("chao", "超"), ("hui", "慧"), ("jing", "静"), ("xin", "新"),
    ("zhi", "志"), ("wen", "文"), ("dong", "东"), ("ning", "宁"), ("feng", "峰"), ("yu", "宇"),
    ("kai", "凯"), ("peng", "鹏"), ("shan", "山"), ("qing", "清"), ("rong", "荣"), ("de", "德"),
    ("zhen", "振"), ("bo", "波"), ("cheng", "成"), ("gang", "刚"), ("hao", "浩"), ("jie", "杰"),
    ("long", "龙"), ("mei", "梅"), ("rui", "瑞"), ("song", "松"), ("ting", "婷"), ("xiang", "翔"),
    ("xue", "雪"), ("ying", "英"), ("zhong", "忠"), ("chun", "春"), ("qiu", "秋"), ("min", "敏"),
)
JP_GIVEN = (
    ("Hiroshi", "m"), ("Takeshi", "m"), ("Kenji", "m"), ("Makoto", "m"), ("Satoshi", "m"),
    ("Daisuke", "m"), ("Kazuo", "m"), ("Koji", "m"), ("Masato", "m"), ("Naoki", "m"),
    ("Ryota", "m"), ("Shinji", "m"), ("Takashi", "m"), ("Tetsuya", "m"), ("Yoshio", "m"),
    ("Haruki", "m"), ("Kenta", "m"), ("Akira", "m"), ("Hideki", "m"), ("Toshihiro", "m"),
    ("Yasuhiro", "m"), ("Nobuo", "m"), ("Masahiro", "m"), ("Katsuya", "m"), ("Yuko", "f"),
    ("Akiko", "f"), ("Keiko", "f"), ("Naomi", "f"), ("Haruka", "f"), ("Mariko", "f"),
    ("Sachiko", "f"), ("Tomoko", "f"), ("Yumi", "f"), ("Emi", "f"), ("Hiromi", "f"),
    ("Kaori", "f"), ("Megumi", "f"), ("Noriko", "f"), ("Sayaka", "f"), ("Yoko", "f"),
    ("Junko", "f"), ("Michiko", "f"),
)
JP_FAMILY = (
    "Tanaka", "Suzuki", "Sato", "Takahashi", "Watanabe", "Ito", "Yamamoto", "Nakamura",
    "Kobayashi", "Kato", "Yoshida", "Yamada", "Sasaki", "Yamaguchi", "Matsumoto", "Inoue",
    "Kimura", "Shimizu", "Yamazaki", "Mori", "Ikeda", "Hashimoto", "Ishikawa", "Ogawa", "Okada",
    "Goto", "Hasegawa", "Murakami", "Kondo", "Ishii", "Sakamoto", "Endo", "Aoki", "Fujii",
    "Nishimura", "Fukuda", "Ota", "Miura", "Fujiwara", "Okamoto", "Matsuda", "Nakagawa",
    "Nakano", "Harada", "Ono", "Tamura", "Takeuchi", "Kaneko", "Wada", "Nakayama", "Ishida",
    "Ueda", "Morita", "Shibata", "Sakai", "Kudo", "Yokoyama", "Miyazaki", "Miyamoto", "Uchida",
    "Takagi", "Ando", "Taniguchi", "Maruyama", "Imai", "Fujita",
)
# (usual spelling, other transliteration, Cyrillic, gender)
RU_GIVEN = (
    ("Alexei", "Aleksei", "Алексей", "m"), ("Sergei", "Sergey", "Сергей", "m"),
    ("Dmitry", "Dmitri", "Дмитрий", "m"), ("Andrei", "Andrey", "Андрей", "m"),
    ("Nikolai", "Nikolay", "Николай", "m"), ("Yuri", "Yury", "Юрий", "m"),
    ("Mikhail", "Mikhail", "Михаил", "m"), ("Alexander", "Aleksandr", "Александр", "m"),
    ("Igor", "Igor", "Игорь", "m"), ("Oleg", "Oleg", "Олег", "m"), ("Pavel", "Pavel", "Павел", "m"),
    ("Maxim", "Maksim", "Максим", "m"), ("Yevgeny", "Evgeny", "Евгений", "m"),
    ("Konstantin", "Konstantin", "Константин", "m"), ("Anatoly", "Anatoliy", "Анатолий", "m"),
    ("Viktor", "Victor", "Виктор", "m"), ("Ivan", "Ivan", "Иван", "m"),
    ("Boris", "Boris", "Борис", "m"), ("Denis", "Denis", "Денис", "m"),
    ("Maria", "Mariya", "Мария", "f"), ("Yelena", "Elena", "Елена", "f"),
    ("Olga", "Olga", "Ольга", "f"), ("Natalia", "Natalya", "Наталья", "f"),
    ("Tatiana", "Tatyana", "Татьяна", "f"), ("Irina", "Irina", "Ирина", "f"),
    ("Svetlana", "Svetlana", "Светлана", "f"), ("Anna", "Anna", "Анна", "f"),
    ("Ekaterina", "Yekaterina", "Екатерина", "f"), ("Anastasia", "Anastasiya", "Анастасия", "f"),
)
RU_FAMILY = (
    ("Petrov", "Петров"), ("Ivanov", "Иванов"), ("Smirnov", "Смирнов"),
    ("Kuznetsov", "Кузнецов"), ("Popov", "Попов"), ("Sokolov", "Соколов"), ("Lebedev", "Лебедев"),
    ("Kozlov", "Козлов"), ("Novikov", "Новиков"), ("Morozov", "Морозов"), ("Volkov", "Волков"),
    ("Vasiliev", "Васильев"), ("Zaitsev", "Зайцев"), ("Pavlov", "Павлов"), ("Golubev", "Голубев"),
    ("Vinogradov", "Виноградов"), ("Bogdanov", "Богданов"), ("Mikhailov", "Михайлов"),
    ("Tarasov", "Тарасов"), ("Belov", "Белов"), ("Komarov", "Комаров"), ("Orlov", "Орлов"),
    ("Makarov", "Макаров"), ("Andreev", "Андреев"), ("Ilyin", "Ильин"), ("Gusev", "Гусев"),
    ("Titov", "Титов"), ("Kuzmin", "Кузьмин"), ("Baranov", "Баранов"), ("Kulikov", "Куликов"),
    ("Stepanov", "Степанов"), ("Yakovlev", "Яковлев"), ("Sorokin", "Сорокин"),
    ("Romanov", "Романов"), ("Zakharov", "Захаров"), ("Borisov", "Борисов"),
    ("Gerasimov", "Герасимов"), ("Lazarev", "Лазарев"), ("Denisov", "Денисов"),
)
RU_PATRONYMICS = (
    ("Sergeyevich", "Sergeyevna"), ("Ivanovich", "Ivanovna"), ("Nikolayevich", "Nikolayevna"),
    ("Alexandrovich", "Alexandrovna"), ("Vladimirovich", "Vladimirovna"),
    ("Mikhailovich", "Mikhailovna"), ("Viktorovich", "Viktorovna"), ("Petrovich", "Petrovna"),
    ("Yurievich", "Yurievna"), ("Andreyevich", "Andreyevna"),
)
EN_GIVEN = (
    ("John", "m"), ("Michael", "m"), ("David", "m"), ("James", "m"), ("Robert", "m"),
    ("William", "m"), ("Richard", "m"), ("Thomas", "m"), ("Daniel", "m"), ("Matthew", "m"),
    ("Andrew", "m"), ("Mark", "m"), ("Paul", "m"), ("Steven", "m"), ("Kevin", "m"),
    ("Brian", "m"), ("Jeffrey", "m"), ("Jonathan", "m"), ("Peter", "m"), ("Patrick", "m"),
    ("Scott", "m"), ("Eric", "m"), ("Gregory", "m"), ("Timothy", "m"), ("Benjamin", "m"),
    ("Samuel", "m"), ("Nicholas", "m"), ("Adam", "m"), ("Nathan", "m"), ("Ryan", "m"),
    ("Edward", "m"), ("Jason", "m"), ("Justin", "m"), ("Mary", "f"), ("Jennifer", "f"),
    ("Sarah", "f"), ("Jessica", "f"), ("Elizabeth", "f"), ("Susan", "f"), ("Karen", "f"),
    ("Lisa", "f"), ("Laura", "f"), ("Emily", "f"), ("Rachel", "f"), ("Rebecca", "f"),
    ("Catherine", "f"), ("Anne", "f"), ("Julia", "f"), ("Victoria", "f"), ("Claire", "f"),
    ("Hannah", "f"), ("Megan", "f"), ("Amanda", "f"), ("Michelle", "f"), ("Nicole", "f"),
    ("Helen", "f"), ("Alice", "f"), ("Emma", "f"), ("Kate", "f"), ("Lucy", "f"), ("Ruth", "f"),
)
EN_FAMILY = (
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson", "Anderson",
    "Taylor", "Thomas", "Moore", "Martin", "Jackson", "Thompson", "Harris", "Clark", "Lewis",
    "Robinson", "Walker", "Allen", "Wright", "Scott", "Baker", "Adams", "Nelson", "Carter",
    "Mitchell", "Roberts", "Turner", "Phillips", "Campbell", "Parker", "Evans", "Edwards",
    "Collins", "Stewart", "Morris", "Murphy", "Cook", "Rogers", "Morgan", "Cooper", "Peterson",
    "Reed", "Bailey", "Kelly", "Howard", "Ward", "Cox", "Richardson", "Watson", "Brooks",
    "Bennett", "Hughes", "Sanders", "Myers", "Ross", "Foster", "Jenkins", "Perry", "Russell",
    "Sullivan", "Fisher", "Henderson", "Coleman", "Hayes", "Gibson", "Ellis", "Graham",
    "Marshall", "Owens", "Harrison", "Fleming", "Lambert", "Whitaker", "Holloway", "Sinclair",
    "Brennan", "Doyle", "Fitzgerald", "Mercer", "Abbott", "Barnes", "Chambers", "Dalton",
    "Ferguson", "Gallagher", "Hartley", "Kennedy", "Lawson", "Maxwell", "Norris", "O'Brien",
    "Pearson", "Quinn", "Reynolds", "Shaw", "Spencer", "Thornton", "Vaughan", "Wallace", "Webb",
    "Wheeler",
)

UNIVERSITIES = {
    "South Korea": ("Korea University", "Seoul National University", "Yonsei University",
                    "Kyungnam University", "Ewha Womans University", "Kookmin University",
                    "the University of North Korean Studies", "Dongguk University",
                    "Hanyang University"),
    "China": ("Peking University", "Renmin University", "Tsinghua University",
              "Fudan University", "Jilin University", "Yanbian University"),
    "Japan": ("the University of Tokyo", "Keio University", "Waseda University",
              "Kanagawa University", "Shizuoka University", "Ritsumeikan University"),
    "Russia": ("the Moscow State Institute of International Relations",
               "Far Eastern Federal University", "the Higher School of Economics"),
    "United States": ("Georgetown University", "Johns Hopkins University",
                      "Columbia University", "Harvard University", "Tufts University",
                      "the University of California, San Diego"),
    "United Kingdom": ("King's College London", "the University of Leeds",
                       "SOAS University of London", "the University of Oxford"),
    "Australia": ("the Australian National University", "the University of Sydney"),
    "Canada": ("the University of British Columbia", "the University of Toronto"),
}
INSTITUTES = {
    "South Korea": ("the Sejong Institute", "the Asan Institute for Policy Studies",
                    "the Korea Institute for National Unification",
                    "the Institute for Far Eastern Studies",
                    "the Korea Institute for Defense Analyses"),
    "China": ("the China Institutes of Contemporary International Relations",
              "the Chinese Academy of Social Sciences", "the Charhar Institute"),
    "Japan": ("the Japan Institute of International Affairs", "the Sasakawa Peace Foundation"),
    "Russia": ("the Russian Academy of Sciences", "the Valdai Discussion Club",
               "the Primakov Institute"),
    "United States": ("the Stimson Center", "the Brookings Institution",
                      "the Center for Strategic and International Studies",
                      "the RAND Corporation", "the Carnegie Endowment for International Peace",
                      "the Middlebury Institute of International Studies", "the Wilson Center",
                      "the Heritage Foundation"),
    "United Kingdom": ("the International Institute for Strategic Studies", "Chatham House",
                       "the Royal United Services Institute"),
    "Australia": ("the Lowy Institute", "the Australian Strategic Policy Institute"),
    "Canada": ("the Asia Pacific Foundation of Canada",),
}
FIELDS = (
    "international relations", "North Korean studies", "political science",
    "unification studies", "security studies", "economics", "Chinese studies",
    "Japanese studies", "diplomacy", "East Asian studies", "nuclear policy",
)
# Titles of officials by country, as running text writes them.
OFFICIAL_TITLES = {
    "South Korea": ("vice foreign minister", "unification minister",
                    "deputy national security adviser", "chief nuclear envoy",
                    "defense ministry spokesperson", "unification ministry spokesperson",
                    "presidential spokesperson", "lawmaker", "ambassador to the United States",
                    "ambassador to China", "first vice defense minister", "intelligence chief",
                    "national security adviser"),
    "North Korea": ("vice foreign minister", "first vice foreign minister",
                    "ambassador to China", "ambassador to the United Nations",
                    "defense minister", "chief of the General Staff",
                    "vice-chairman of the Workers' Party Central Committee",
                    "vice minister of external economic relations", "ambassador to Russia"),
    "China": ("foreign ministry spokesperson", "vice foreign minister",
              "special representative for Korean Peninsula affairs",
              "ambassador to North Korea", "ambassador to South Korea",
              "commerce ministry spokesperson", "defense ministry spokesperson",
              "ambassador to the United Nations"),
    "Japan": ("chief cabinet secretary", "defense minister", "foreign ministry press secretary",
              "vice foreign minister", "lawmaker", "ambassador to South Korea",
              "deputy chief cabinet secretary"),
    "Russia": ("deputy foreign minister", "ambassador to North Korea", "presidential aide",
               "defense ministry spokesperson", "lawmaker", "ambassador to South Korea"),
    "United States": ("State Department spokesperson", "Pentagon press secretary",
                      "special representative for North Korea", "deputy secretary of state",
                      "assistant secretary of state for East Asian and Pacific affairs",
                      "ambassador to South Korea", "ambassador to the United Nations",
                      "senator", "commander of US Forces Korea", "White House spokesperson",
                      "deputy national security adviser"),
    "United Kingdom": ("ambassador to North Korea", "Foreign Office minister for Asia",
                       "ambassador to South Korea"),
    "Australia": ("foreign minister", "ambassador to South Korea"),
    "Canada": ("ambassador to South Korea",),
}
JOURNALIST_OUTLETS = {
    "South Korea": ("Yonhap", "The Korea Herald", "The Korea Times", "Korea JoongAng Daily",
                    "The Chosun Ilbo", "NK News", "Arirang", "KBS World"),
    "China": ("Xinhua", "Global Times", "China Daily", "CGTN", "South China Morning Post"),
    "Japan": ("Kyodo News", "NHK World", "The Japan Times", "Nikkei Asia", "The Asahi Shimbun"),
    "Russia": ("TASS", "RIA Novosti"),
    "United States": ("Associated Press", "Reuters", "The New York Times", "CNN", "Bloomberg",
                      "The Washington Post", "Voice of America", "NK News"),
    "United Kingdom": ("Reuters", "BBC News", "The Guardian", "The Telegraph",
                       "Financial Times", "Agence France-Presse"),
    "Australia": ("Australian Associated Press", "Reuters", "Agence France-Presse"),
    "Canada": ("Reuters", "Associated Press"),
}
PHOTO_AGENCIES = ("Reuters", "AP", "AFP", "Xinhua", "Yonhap", "EPA", "Getty Images", "KCNA")
CITY_OF = {
    "South Korea": "Seoul", "North Korea": "Pyongyang", "China": "Beijing", "Japan": "Tokyo",
    "Russia": "Moscow", "United States": "Washington", "United Kingdom": "London",
    "Australia": "Canberra", "Canada": "Ottawa",
}
DEMONYM = {
    "North Korea": "North Korean", "South Korea": "South Korean", "China": "Chinese",
    "Japan": "Japanese", "Russia": "Russian", "United States": "US",
    "United Kingdom": "British", "Australia": "Australian", "Canada": "Canadian",
}

# ---------------------------------------------------------------------------------------------
# Topics, places and hand-written sentences
# ---------------------------------------------------------------------------------------------



class Topic(NamedTuple):
    weight: int  # how often stories have this topic
    ev: tuple  # (singular event nouns, plural event nouns): "summit", "talks"
    terms: tuple  # topical terms that word swaps may draw
    places: tuple
    titles: tuple  # headline templates: {A}, {B}, {place}, {country}, {term}...
    ledes: tuple
    sentences: tuple


# Template slots: {main} the story's principal, {other} the second principal, {any} and
# {any2} anyone in the story, {analyst} an expert (", a professor at X," on first mention),
# {analyst_end} the same at the end of a sentence, {place}, {country}, {day}, {month},
# {year}, {num}, {ord}, {nth} (second to fifth), {ev}/{evs} the topic's event noun,
# {term} a topical term, {weapon}, {anniv}, {media}, {km}.
TOPICS = {
    "summit": Topic(
        weight=4,
        ev=(("summit", "meeting", "summit"), ("talks", "summits")),
        terms=("summit", "denuclearization", "peace declaration", "joint statement",
               "handshake", "delegation", "communique", "negotiations", "envoy", "diplomacy",
               "agenda", "banquet", "motorcade", "venue", "goodwill"),
        places=("Singapore", "Hanoi", "Panmunjom", "Beijing", "Vladivostok", "Pyongyang",
                "Seoul", "Osaka", "Washington", "Tokyo"),
        titles=(
            "{A} and {B} hold summit in {place} amid stalled nuclear talks",
            "{A} arrives in {place} for {nth} summit with {B}",
            "{A} heads to {place} for summit talks on {term}",
            "{A} and {B} pledge closer ties at {place} summit",
            "What to expect when {A} meets {B} in {place}",
            "{A}-{B} summit ends without deal on {term}",
            "{A} says {place} summit with {B} was productive",
            "{A} and {B} agree to meet again after talks in {place}",
        ),
        ledes=(
            "{main} and {other} met in {place} on {day} for their {nth} summit, {media} "
            "reported.",
            "{main} held talks with {other} in {place} on {day}, in a summit officials said "
            "could reshape diplomacy on the Korean Peninsula.",
            "{main} arrived in {place} on {day} for a summit with {other}, the latest in a "
            "flurry of diplomacy over the North's nuclear weapons.",
        ),
        sentences=(
            "The two leaders shook hands in front of their national flags before heading into "
            "closed-door talks.",
            "The summit ended without a joint statement, and aides gave differing accounts of "
            "what had been agreed.",
            "Officials had spent weeks negotiating the agenda, the venue and even the seating "
            "arrangements.",
            "{main} and {other} later held a working lunch and walked together in the garden of "
            "the venue.",
            "It was the {nth} meeting between the two leaders since {year}.",
            "A planned signing ceremony was cancelled at the last minute.",
            "Both sides described the talks as candid and constructive.",
        ),
    ),
    "missile": Topic(
        weight=4,
        ev=(("launch", "missile test", "test"), ("launches", "missile tests")),
        terms=("ballistic missile", "launch", "warhead", "trajectory", "projectile",
               "splashdown", "missile", "rocket", "launcher", "interceptor", "altitude",
               "solid-fuel engine", "missile defense", "early warning radar", "ICBM"),
        places=("Pyongyang", "Sohae", "Wonsan", "Sinpo", "Hamhung", "Tongchang-ri", "Seoul",
                "Tokyo"),
        titles=(
            "North Korea fires ballistic missile into sea, {country} military says",
            "{A} oversees test of new {weapon} as tensions rise",
            "{B} condemns missile launch and calls for new sanctions",
            "North Korea says it tested {weapon} under guidance of {A}",
            "Missile launch by North Korea lands near Japanese waters",
            "{A} warns of stronger response after latest missile test",
        ),
        ledes=(
            "North Korea fired what appeared to be a ballistic missile into the sea off its east "
            "coast on {day}, hours after {main} warned of a tougher response to military drills.",
            "{main} oversaw the test of a new {weapon} on {day}, {media} said, in the latest "
            "show of force by Pyongyang.",
            "North Korea launched a {weapon} on {day}, {other} said, the {nth} launch in recent "
            "weeks.",
        ),
        sentences=(
            "The missile flew about {km} kilometers before landing in the sea, the military "
            "said.",
            "Japan's defense ministry said the projectile appeared to have landed outside its "
            "exclusive economic zone.",
            "Analysts said the launch appeared to test a solid-fuel engine, which would make "
            "missiles easier to hide and quicker to fire.",
            "The launch was the {ord} of its kind this year.",
            "The missile reached an altitude of about {km} kilometers, according to the South "
            "Korean military.",
            "Photos released by state media showed {main} watching the launch through "
            "binoculars.",
            "UN Security Council resolutions ban North Korea from any use of ballistic missile "
            "technology.",
        ),
    ),
    "sanctions": Topic(
        weight=3,
        ev=(("sanctions vote", "resolution", "embargo"), ("sanctions", "restrictions")),
        terms=("sanctions", "embargo", "resolution", "enforcement", "smuggling",
               "ship-to-ship transfers", "asset freeze", "sanctions relief", "blacklist",
               "export ban", "refined petroleum", "Security Council", "panel of experts",
               "loopholes", "violations"),
        places=("New York", "Washington", "Beijing", "Seoul", "Brussels", "Geneva", "Moscow"),
        titles=(
            "{A} calls for tougher sanctions on Pyongyang at UN",
            "UN Security Council votes on new North Korea sanctions",
            "{A} says sanctions will stay until North Korea gives up nuclear weapons",
            "{B} accuses {country} of weakening sanctions on North Korea",
            "New sanctions target shipping firms accused of helping Pyongyang",
            "{A} rejects sanctions relief demand ahead of talks with {B}",
        ),
        ledes=(
            "{main} called on {day} for the strict enforcement of United Nations sanctions "
            "against North Korea, as {other} urged restraint.",
            "The UN Security Council is set to vote on new sanctions against Pyongyang after "
            "{main} warned that the North's weapons programs pose a threat to the region.",
            "{main} announced fresh sanctions on {day} against companies accused of helping "
            "North Korea evade an international embargo.",
        ),
        sentences=(
            "The sanctions cap North Korea's imports of refined petroleum and ban its exports of "
            "coal, iron, textiles and seafood.",
            "Diplomats said {country} had pushed to soften the draft resolution.",
            "A UN panel of experts has reported repeated violations, including ship-to-ship "
            "transfers of oil at sea.",
            "{other} said sanctions alone would not bring Pyongyang back to the table.",
            "The new measures freeze the assets of {num} companies and bar them from dealing "
            "with American banks.",
        ),
    ),
    "parade": Topic(
        weight=2,
        ev=(("parade", "military parade", "celebration"), ("celebrations", "parades")),
        terms=("parade", "anniversary", "troops", "military hardware", "reviewing stand",
               "fireworks", "rally", "celebrations", "marching columns", "flypast",
               "honor guard", "tanks", "launchers", "spectators", "banners"),
        places=("Pyongyang", "Beijing", "Moscow", "Kim Il Sung Square", "Tiananmen Square",
                "Red Square"),
        titles=(
            "{A} attends military parade in {place} to mark {ord} anniversary",
            "North Korea shows off new missiles at parade watched by {A}",
            "{A} and {B} stand side by side at {place} parade",
            "Thousands march in {place} as {A} hails military strength",
            "{A} uses parade to display {weapon} for first time",
        ),
        ledes=(
            "{main} watched from a balcony on {day} as thousands of troops and rows of missiles "
            "rolled through {place} in a parade marking {anniv}.",
            "{main} and {other} stood side by side on {day} at a military parade in {place} "
            "marking {anniv}.",
        ),
        sentences=(
            "Goose-stepping soldiers marched past the reviewing stand, followed by tanks, rocket "
            "launchers and what appeared to be new intercontinental ballistic missiles.",
            "Tens of thousands of people filled Kim Il Sung Square, waving flowers and chanting "
            "slogans.",
            "The parade ended with a flypast and fireworks over the river.",
            "Foreign journalists were invited to watch the parade under close supervision.",
            "State television broadcast the celebrations the following day, as it usually does.",
        ),
    ),
    "visit": Topic(
        weight=3,
        ev=(("visit", "trip", "state visit"), ("visits", "talks")),
        terms=("state visit", "welcome ceremony", "guest house", "delegation", "banquet",
               "armored train", "invitation", "itinerary", "motorcade", "honor guard",
               "friendship", "hospitality", "entourage", "departure", "arrival"),
        places=("Beijing", "Pyongyang", "Moscow", "Vladivostok", "Seoul", "Tokyo", "Dandong",
                "Washington", "Hanoi"),
        titles=(
            "{A} to make state visit to {country}, state media says",
            "{A} arrives in {place} by train for talks with {B}",
            "{A} wraps up {place} visit with pledge of deeper ties",
            "{A} visits {place} as {B} seeks closer cooperation",
            "{A} invited to {place} for first visit in years",
        ),
        ledes=(
            "{main} will make a state visit to {country} this week at the invitation of "
            "{other}, state media announced on {day}.",
            "{main} arrived in {place} on {day} for a {num}-day visit, {media} reported.",
            "{main} left {place} on {day} after a visit during which he met {other} twice.",
        ),
        sentences=(
            "Motorcades sped through the capital's streets, which had been closed to traffic.",
            "The visit is expected to include a banquet and a tour of a factory or farm.",
            "An armored train believed to be carrying the delegation crossed the border early "
            "in the morning.",
            "Security was tight around the state guest house where the delegation stayed.",
            "It was the first such visit in {num} years.",
        ),
    ),
    "trade": Topic(
        weight=2,
        ev=(("trade deal", "trade agreement", "deal"), ("trade talks", "tariffs")),
        terms=("trade", "tariffs", "exports", "imports", "customs data", "coal", "textiles",
               "seafood", "supply chains", "fertilizer", "border trade", "economic zone",
               "investment", "hard currency", "smuggling"),
        places=("Dandong", "Beijing", "Shanghai", "Seoul", "Tokyo", "Washington", "Rason",
                "Vladivostok"),
        titles=(
            "Trade between {country} and North Korea falls as sanctions bite",
            "{A} and {B} discuss trade and tariffs in {place}",
            "{country} customs data show rise in cross-border trade",
            "{A} vows to protect supply chains amid trade dispute with {B}",
            "Border trade resumes in {place} after years of closure",
        ),
        ledes=(
            "Trade between {country} and North Korea fell sharply last year, customs data showed "
            "on {day}, as {main} pressed for tighter controls on shipments.",
            "{main} and {other} agreed on {day} to expand trade and investment, officials said "
            "after talks in {place}.",
        ),
        sentences=(
            "Exports of textiles, coal and seafood, once major sources of hard currency, have "
            "largely dried up under sanctions.",
            "Customs data showed imports of fertilizer and food rose in the first half of the "
            "year.",
            "China accounts for more than 90 percent of North Korea's recorded trade.",
            "Trucks loaded with goods were seen crossing the bridge at {place}.",
        ),
    ),
    "talks": Topic(
        weight=3,
        ev=(("negotiation round", "dialogue", "meeting"), ("talks", "negotiations")),
        terms=("talks", "denuclearization", "negotiations", "envoy", "dialogue",
               "six-party talks", "framework", "verification", "inspections", "freeze",
               "concessions", "roadmap", "peace treaty", "working-level talks", "stalemate"),
        places=("Geneva", "Beijing", "Stockholm", "Panmunjom", "New York", "Ulaanbaatar",
                "Hanoi", "Singapore"),
        titles=(
            "{A} and {B} hold talks on {term} in {place}",
            "Envoys meet in {place} as {A} seeks to revive talks",
            "{A} says door to dialogue remains open despite {term} impasse",
            "Talks in {place} end without agreement, {B} says",
            "{A} proposes new round of talks with {country}",
        ),
        ledes=(
            "{main} and {other} agreed on {day} to resume talks on denuclearization, officials "
            "said, after months of stalled negotiations.",
            "Negotiators from the two countries met in {place} on {day}, the first talks since "
            "{main} walked away from the table.",
        ),
        sentences=(
            "Negotiators met for {num} hours but failed to agree on a sequence of steps toward "
            "denuclearization.",
            "The two sides remain divided over how much sanctions relief should be offered in "
            "return for dismantling nuclear facilities.",
            "The six-party talks, which involved the two Koreas, the United States, China, Japan "
            "and Russia, collapsed in 2009.",
            "{other} said working-level talks would continue in {place} next month.",
        ),
    ),
    "drills": Topic(
        weight=2,
        ev=(("exercise", "military drill", "drill"), ("drills", "exercises")),
        terms=("joint drills", "exercises", "alliance", "deterrence", "aircraft carrier",
               "bombers", "troops", "readiness", "live-fire drills", "amphibious landing",
               "fighter jets", "combined forces", "rehearsal", "provocation", "escalation"),
        places=("Seoul", "Pyongyang", "Busan", "Pohang", "Guam", "Okinawa", "Yellow Sea"),
        titles=(
            "South Korea and US begin joint drills as {A} warns of response",
            "{A} calls military exercises a rehearsal for invasion",
            "{B} says drills are defensive after warning from {A}",
            "Allies scale up exercises near {place} despite threats from Pyongyang",
        ),
        ledes=(
            "South Korea and the United States began their annual joint military drills on "
            "{day}, prompting a warning from {main} that Pyongyang would respond.",
            "{main} said on {day} that joint exercises near {place} were a rehearsal for an "
            "invasion, as {other} insisted they were defensive.",
        ),
        sentences=(
            "The drills involve tens of thousands of troops and include computer-simulated "
            "command exercises.",
            "Pyongyang has long condemned the exercises as rehearsals for an invasion.",
            "The United States stations about 28,500 troops in South Korea.",
            "A US aircraft carrier arrived in {place} ahead of the exercises.",
        ),
    ),
    "nuclear": Topic(
        weight=2,
        ev=(("nuclear test", "test", "detonation"), ("nuclear tests", "weapons tests")),
        terms=("nuclear test", "uranium enrichment", "plutonium", "reactor", "warheads",
               "nuclear arsenal", "test site", "fissile material", "satellite imagery",
               "tactical nuclear weapons", "deterrent", "inspectors", "seismic activity",
               "centrifuges", "nonproliferation"),
        places=("Punggye-ri", "Yongbyon", "Vienna", "Pyongyang", "Seoul", "Tokyo", "Beijing"),
        titles=(
            "{A} vows to expand nuclear arsenal in New Year speech",
            "Satellite images show activity at North Korea's {place} nuclear site",
            "{B} warns North Korea against seventh nuclear test",
            "{A} says nuclear weapons are not a bargaining chip",
            "Experts see signs of {term} at Yongbyon, {B} says",
        ),
        ledes=(
            "{main} vowed on {day} to expand the country's nuclear arsenal, {media} reported, "
            "dismissing calls from {other} to return to talks.",
            "Satellite imagery shows new activity at the {place} nuclear site, analysts said on "
            "{day}, as {other} warned of a possible test.",
        ),
        sentences=(
            "North Korea conducted its first nuclear test in 2006 and its sixth, and most "
            "powerful, in 2017.",
            "Satellite imagery suggested vehicles moving near the main reactor at Yongbyon.",
            "The International Atomic Energy Agency has had no access to the country since "
            "inspectors were expelled in 2009.",
            "A test would be a major escalation, {analyst} said.",
        ),
    ),
}
WEAPONS = (
    "intercontinental ballistic missile", "hypersonic missile", "solid-fuel missile",
    "cruise missile", "submarine-launched ballistic missile", "multiple rocket launcher",
    "tactical guided weapon", "short-range ballistic missile", "underwater nuclear drone",
    "reconnaissance satellite", "anti-aircraft missile",
)
ANNIVERSARIES = (
    "the founding of the Workers' Party", "the founding of the Korean People's Army",
    "the end of the Korean War", "the founding of the People's Republic",
    "the end of World War II", "the birth of Kim Il Sung", "Victory Day",
)
MEDIA = (
    "state media", "the official Korean Central News Agency", "Yonhap news agency",
    "Chinese state media", "Kyodo news agency", "North Korean state media", "South Korean media",
)
COUNTRIES = ("China", "South Korea", "Japan", "Russia", "the United States", "North Korea")
CITIES = (
    "Beijing", "Pyongyang", "Seoul", "Tokyo", "Moscow", "Washington", "Vladivostok",
    "Singapore", "Hanoi", "Panmunjom", "Dandong", "Shanghai", "Busan", "New York", "Geneva",
)
DATELINES = {
    "Seoul": "SEOUL, South Korea", "Beijing": "BEIJING", "Tokyo": "TOKYO",
    "Pyongyang": "PYONGYANG, North Korea", "Moscow": "MOSCOW", "Washington": "WASHINGTON",
    "Hanoi": "HANOI, Vietnam", "Singapore": "SINGAPORE", "New York": "UNITED NATIONS",
    "Vladivostok": "VLADIVOSTOK, Russia",
}
GENERIC_SENTENCES = (
    "{any} said the two sides had agreed to keep channels of communication open.",
    "{any} told reporters in {place} that {country} would not accept further provocation.",
    "Speaking at a news conference, {any} said the talks had been “constructive” but gave no "
    "further details.",
    "{any} has repeatedly said that sanctions will remain in place until North Korea takes "
    "concrete steps toward denuclearization.",
    "The meeting between {any} and {any2} lasted about {num} hours, according to officials.",
    "It was not immediately clear whether {any} would meet {any2} during the trip.",
    "{any} later posted on social media that the meeting had gone “very well”.",
    "Officials close to {any} said a decision was expected within weeks.",
    "In a statement carried by {media}, {any} accused Washington of pursuing a “hostile "
    "policy”.",
    "{any} is expected to travel to {place} later this month for further talks.",
    "Earlier this year, {any} met {any2} in {place}, their {nth} meeting since {year}.",
    "Relations between {any} and {any2} have swung between threats and flattery.",
    "{any} did not respond to a request for comment.",
    "A spokesperson for {any} declined to comment on the report.",
    "{any} praised what he called the “unbreakable friendship” between the two countries.",
    "{any} warned that the window for diplomacy was closing.",
    "According to {media}, {any} described the situation on the peninsula as “grave”.",
    "{any} and {any2} spoke by phone on {day}, officials said.",
    "Asked about the report, {any} said there was “nothing to add”.",
    "{any} has made improving relations with {country} a priority.",
    "The two leaders last met in {month} {year}.",
    "Officials said {any} would be accompanied by senior aides, including the foreign minister.",
)
ANALYST_SENTENCES = (
    "{analyst} said the move was likely aimed at gaining leverage ahead of any future "
    "negotiations.",
    "According to {analyst_end}, Pyongyang is unlikely to give up weapons it sees as vital to "
    "the survival of its government.",
    "{analyst} said {any} appeared to be testing how far he could go without provoking a "
    "response.",
    "“The timing is not a coincidence,” said {analyst_end}.",
    "“This is about domestic politics as much as diplomacy,” said {analyst_end}.",
    "{analyst} said that {country} held the key to any breakthrough.",
    "Some analysts, including {analyst_end}, say the economic pressure is starting to tell.",
    "{analyst} said the statement was carefully worded to leave room for talks.",
    "“Nobody expects a breakthrough, but the fact they are talking matters,” said "
    "{analyst_end}.",
)
# (first year it can be said, sentence): background that would be an anachronism earlier.
BACKGROUND_SENTENCES = (
    (2000, "The Korean War ended in 1953 in an armistice, not a peace treaty, leaving the "
           "peninsula technically still at war."),
    (2000, "China is North Korea's main ally and its biggest trading partner."),
    (2006, "Pyongyang has been under UN sanctions since 2006 over its nuclear and ballistic "
           "missile programs."),
    (2000, "North Korea and China signed a treaty of friendship in 1961, the only formal "
           "defense alliance either country has."),
    (2002, "Japan has long demanded that North Korea account for Japanese citizens abducted in "
           "the 1970s and 1980s."),
    (2024, "Russia and North Korea signed a mutual defense treaty in June 2024."),
    (2018, "The Singapore summit in June 2018 was the first meeting between a sitting US "
           "president and a North Korean leader."),
    (2019, "Talks in Hanoi in February 2019 collapsed over sanctions relief."),
    (2000, "About 28,500 American troops are stationed in South Korea."),
    (2010, "North Korea's economy is estimated to be a small fraction of the South's."),
    (2018, "In 2017 North Korea tested missiles it said could reach the US mainland."),
    (2003, "North Korea withdrew from the Nuclear Non-Proliferation Treaty in 2003."),
)
# "the moon" in lower case, for a tagger that must not take it for President Moon.
MOON_SENTENCES = (
    "Officials said the rocket was not designed to travel as far as the moon.",
    "The launch took place shortly before dawn, under a full moon.",
    "Chuseok, the autumn harvest festival, falls on the day of the full moon of the eighth "
    "lunar month.",
    "State media compared the satellite launch to the first landing on the moon.",
    "Families gathered for the holiday as the moon rose over the capital.",
)
CAPTION_ACTIONS = (
    "waves to the crowd", "arrives at the airport in {place}",
    "speaks during a meeting in {place}", "inspects troops", "attends a ceremony in {place}",
    "waves at the parade", "leaves after talks in {place}", "shakes hands with officials",
    "visits a factory", "watches a missile launch", "greets delegates",
    "attends a banquet in {place}",
)
SUBHEADINGS = (
    "{country}’s role", "What comes next", "Sanctions relief", "A long road",
    "Military pressure", "Regional reaction", "Economic strain", "Mixed signals",
    "Domestic politics", "The nuclear question",
)
# Stories a North Korean usually leads.
NORTH_KOREAN_TOPICS = frozenset({"missile", "nuclear", "parade", "drills"})
NTH = ("second", "third", "fourth", "fifth")
NUMBER_WORDS = ("two", "three", "four", "five", "six", "seven", "eight", "nine", "10", "12")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")

# ---------------------------------------------------------------------------------------------
# Words
# ---------------------------------------------------------------------------------------------

# American forms are written in the tables; British copy gets these instead.
BRITISH = {
    "defense": "defence", "defenses": "defences", "offense": "offence", "offenses": "offences",
    "program": "programme", "programs": "programmes", "center": "centre", "centers": "centres",
    "centered": "centred", "theater": "theatre", "color": "colour", "colors": "colours",
    "favor": "favour", "favors": "favours", "favorable": "favourable", "favorite": "favourite",
    "honor": "honour", "honored": "honoured", "labor": "labour", "neighbor": "neighbour",
    "neighbors": "neighbours", "neighboring": "neighbouring", "behavior": "behaviour",
    "rumor": "rumour", "rumors": "rumours", "harbor": "harbour", "armor": "armour",
    "armored": "armoured", "endeavor": "endeavour", "vigor": "vigour", "traveled": "travelled",
    "traveling": "travelling", "traveler": "traveller", "travelers": "travellers",
    "canceled": "cancelled", "labeled": "labelled", "fueled": "fuelled",
    "skeptical": "sceptical", "skeptic": "sceptic", "skeptics": "sceptics", "analyze": "analyse",
    "analyzed": "analysed", "paralyzed": "paralysed", "catalog": "catalogue", "gray": "grey",
    "maneuver": "manoeuvre", "maneuvers": "manoeuvres", "aging": "ageing",
    "kilometers": "kilometres", "kilometer": "kilometre", "meters": "metres",
    "fertilizer": "fertiliser", "cooperation": "co-operation", "toward": "towards",
    "jewelry": "jewellery", "modeling": "modelling", "counselor": "counsellor",
    "percent": "per cent",
}
IZE_WORDS = (
    "denuclearize", "denuclearized", "denuclearizing", "denuclearization", "organize",
    "organized", "organizing", "organization", "organizations", "criticize", "criticized",
    "recognize", "recognized", "emphasize", "emphasized", "realize", "apologize", "normalize",
    "normalization", "stabilize", "modernize", "modernization", "militarization",
)
# Words never swapped for a vocabulary draw: function words, and the reporting verbs, dates
# and names that keep a sentence readable.
STOPWORDS = _word_set("""
    a about above after again against ago all almost along already also although always among
    an and another any are around as at away back be because been before being below between
    both but by can cannot could did do does doing done down during each either else even ever
    every few for former from further had has have having he her here hers herself him himself
    his how however if in into is it its itself just last later latter least less many may me
    might more most much must my near neither never next no nor not now of off often on once one
    only onto or other others our out over own per perhaps rather same several she should since
    so some still such than that the their theirs them themselves then there these they this
    those though through to together too toward towards under until up upon us very was we were
    what whatever when where whether which while who whom whose why will with within without
    would yet you your said says told added reported according year years month months week
    weeks day days time times first second third two three four five six seven eight nine ten
    hundred thousand million billion monday tuesday wednesday thursday friday saturday sunday
    north south east west korea korean koreans china chinese japan japanese russia russian
    american washington beijing pyongyang seoul moscow tokyo
""")
DETERMINERS = _word_set(
    "the a an its his her their our this that these those any some no every each another such"
)
# Ordered: a word's class is the first suffix it ends with ("nations" is -ions, not -s).
SUFFIXES = (
    "ations", "ation", "tions", "tion", "sions", "sion", "ments", "ment", "nesses", "ness",
    "ities", "ity", "ings", "ing", "ized", "ised", "ed", "ly", "ies", "ers", "er", "ists", "ist",
    "ous", "ive", "ful", "less", "able", "ible", "ical", "al", "ics", "ic", "ships", "ship", "s",
)
# Adjective classes, pooled as one more class drawn for adjectives slipped in before nouns.
ADJECTIVE_CLASSES = frozenset(
    SUFFIXES.index(suffix)
    for suffix in ("ous", "ive", "ful", "less", "able", "ible", "ical", "al", "ic")
)
ADJECTIVES = len(SUFFIXES) + 1
# Classes that say little about the part of speech: swapped only after a determiner.
LOOSE_CLASSES = frozenset({SUFFIXES.index("s"), SUFFIXES.index("er"), SUFFIXES.index("ers"),
                           len(SUFFIXES)})
# Kept out of generated copy whatever the dictionaries say.
BLOCKED = _word_set("""
    fuck fucking fucked shit shitty cunt twat dick dicks cock cocks pussy bitch bitches bastard
    slut sluts whore whores fag fags faggot nigga nigger porn porno sex sexy sexual penis vagina
    anal boobs boob tits dildo orgasm horny nude nudes naked masturbation masturbate erotic
    rape raped rapist bullshit damn goddamn asshole retard retarded crap
""")
# Inflections under which a dictionary headword stands for a word: (suffix, replacement).
INFLECTIONS = (
    ("s", ""), ("es", ""), ("ed", ""), ("ed", "e"), ("ing", ""), ("ing", "e"), ("ies", "y"),
    ("ied", "y"), ("ly", ""), ("er", ""), ("ers", ""), ("est", ""), ("ily", "y"),
)

# fmt: on

_IZE_RE = re.compile(r"^([a-z]{3,}[^s])iz(e|ed|es|ing|ation|ations|er|ers)$")


# ---------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------


def _normalize(name):
    """The form names are compared in (as archive.names.normalize_name, without Django)."""
    text = unicodedata.normalize("NFKC", name or "")
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    text = "".join(" " if ch in "-\u2010\u2011\u2012\u2013\u2014\u00a0" else ch for ch in text)
    return " ".join(text.casefold().split())


def _is_cjk(text):
    return any(
        "\u1100" <= ch <= "\u11ff"
        or "\u3040" <= ch <= "\u30ff"
        or "\u3400" <= ch <= "\u9fff"
        or "\uac00" <= ch <= "\ud7af"
        for ch in text
    )


def _cumulative(weights):
    return list(itertools.accumulate(weights))


def _choice(rng, items):
    """rng.choice, without its rejection sampling: this is the hot path, and it is just as
    deterministic."""
    return items[int(rng.random() * len(items))]


def _pick(rng, items, cum):
    """One item by cumulative weight (bisect: far cheaper than random.choices per call)."""
    return items[bisect.bisect(cum, rng.random() * cum[-1])]


def _title_case(text):
    """'vice foreign minister' -> 'Vice Foreign Minister', as a title before a name."""
    small = {"of", "the", "for", "to", "and", "on", "in"}
    return " ".join(
        word if (index and word in small) or not word[:1].islower() else word.capitalize()
        for index, word in enumerate(text.split())
    )


def _article_word(word):
    """'a' or 'an' before word ('an analyst', 'a US envoy', 'a university', 'an 80th')."""
    if word[:1].lower() in "aeio" or (word[:1] == "u" and not word.startswith("uni")):
        return "an"
    if word[:1] == "8" or (word[:2] in ("11", "18") and not word[2:3].isdigit()):
        return "an"
    return "a"


def _ordinal(n):
    if 10 <= n % 100 <= 20:
        return f"{n}th"
    suffix = {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


# ---------------------------------------------------------------------------------------------
# People
# ---------------------------------------------------------------------------------------------


class _Person:
    """One person as the generator uses them; ``public()`` is their --people-out entry."""

    __slots__ = (
        "aliases", "cjk", "country", "gender", "intros", "kind", "leader", "name", "outlet",
        "role", "short", "title", "variants", "weight", "years",
    )  # fmt: skip

    def __init__(self, name, short, leader, country, role, aliases, years, intros, title,
                 gender, weight, kind, outlet=""):  # fmt: skip
        self.name = name
        self.short = short
        self.leader = leader
        self.country = country
        self.role = role
        self.aliases = list(aliases)
        self.years = years
        self.intros = intros
        self.title = title
        self.gender = gender
        self.weight = weight
        # principal, official, analyst, journalist, photographer or diplomat
        self.kind = kind
        self.outlet = outlet
        # Latin-script spellings a story may use instead of the canonical name.
        self.variants = [
            alias
            for alias in self.aliases
            if len(alias.split()) > 1 and all(ch.isascii() or ch in "áó" for ch in alias)
        ]
        self.cjk = [alias for alias in self.aliases if _is_cjk(alias)]

    def active(self, year):
        return self.years is None or any(first <= year <= last for first, last in self.years)

    def public(self):
        return {
            "name": self.name,
            "short_name": self.short,
            "is_leader": self.leader,
            "country": self.country,
            "role": self.role,
            "aliases": [{"name": alias, "kind": "full"} for alias in self.aliases],
        }


def _korean_given(rng, syllables, north):
    """A two-syllable given name: ('Ji-won', 'Jiwon', '지원') or ('Yong Chol', ...) in the North."""
    (r1, h1), (r2, h2) = rng.sample(syllables, 2)
    if north:
        return f"{r1} {r2}", r1 + r2.lower(), h1 + h2
    return f"{r1.capitalize()}-{r2}", r1.capitalize() + r2, h1 + h2


def _made_up_name(rng, origin, kind):
    """(name, short name, country, gender, alias candidates) for a made-up person."""
    gender = _choice(rng, "mf")
    if origin == "sk":
        surname, hangul, others = _pick(
            rng, SK_SURNAMES, _cumulative(SK_SURNAME_WEIGHTS)
        )  # fmt: skip
        given, joined, hangul_given = _korean_given(rng, SK_SYLLABLES, north=False)
        # Korean reporters at foreign outlets often sign given name first: "Hyung-jin Kim".
        if kind in ("journalist", "photographer") and rng.random() < 0.4:
            options = [f"{surname} {given}", hangul + hangul_given, f"{joined} {surname}"]
            return f"{given} {surname}", surname, "South Korea", gender, options
        options = [
            f"{surname} {given.replace('-', ' ')}",
            f"{surname} {joined}",
            f"{given} {surname}",
            hangul + hangul_given,
        ]
        options += [f"{other} {given}" for other in others]
        return f"{surname} {given}", surname, "South Korea", gender, options
    if origin == "nk":
        surname, hangul = _pick(rng, NK_SURNAMES, _cumulative(NK_SURNAME_WEIGHTS))
        given, joined, hangul_given = _korean_given(rng, NK_SYLLABLES, north=True)
        first, second = given.split()
        options = [
            f"{surname} {first}-{second.lower()}",
            hangul + hangul_given,
            f"{surname} {joined}",
        ]
        return f"{surname} {given}", surname, "North Korea", gender, options
    if origin == "cn":
        surname, hanzi = _choice(rng, CN_SURNAMES)
        if rng.random() < 0.25:
            syllable, char = _choice(rng, CN_SYLLABLES)
            given, given_hanzi = syllable.capitalize(), char
        else:
            (s1, c1), (s2, c2) = rng.sample(CN_SYLLABLES, 2)
            given, given_hanzi = s1.capitalize() + s2, c1 + c2
        options = [hanzi + given_hanzi, f"{given} {surname}"]
        return f"{surname} {given}", surname, "China", gender, options
    if origin == "jp":
        given, gender = _choice(rng, JP_GIVEN)
        family = _choice(rng, JP_FAMILY)
        # Japanese names in English copy: given name first, or family first as Tokyo now asks.
        return f"{given} {family}", family, "Japan", gender, [f"{family} {given}"]
    if origin == "ru":
        given, other, cyrillic_given, gender = _choice(rng, RU_GIVEN)
        family, cyrillic_family = _choice(rng, RU_FAMILY)
        if gender == "f":
            family, cyrillic_family = family + "a", cyrillic_family + "а"
        patronymic = _choice(rng, RU_PATRONYMICS)[0 if gender == "m" else 1]
        options = [f"{given} {patronymic} {family}", f"{cyrillic_given} {cyrillic_family}"]
        if other != given:
            options.append(f"{other} {family}")
        return f"{given} {family}", family, "Russia", gender, options
    given, gender = _choice(rng, EN_GIVEN)
    family = _choice(rng, EN_FAMILY)
    country = _choice(
        rng, ("United States", "United States", "United Kingdom", "Australia", "Canada")
    )
    initial = _choice(rng, "ABCDEFGHJKLMNPRSTW")
    return f"{given} {family}", family, country, gender, [f"{given} {initial}. {family}"]


def _made_up_role(rng, kind, country):
    """(role, descriptor before the name, outlet) for a made-up person."""
    demonym = DEMONYM[country]
    if kind == "analyst":
        if rng.random() < 0.55:
            university = _choice(rng, UNIVERSITIES[country])
            role = f"professor of {_choice(rng, FIELDS)} at {university}"
            return role, f"{university.removeprefix('the ')} professor", ""
        institute = _choice(rng, INSTITUTES[country])
        label = _choice(rng, ("senior fellow", "analyst", "researcher", "research fellow"))
        return f"{label} at {institute}", f"{demonym} analyst", ""
    if kind in ("journalist", "photographer"):
        outlet = _choice(rng, JOURNALIST_OUTLETS[country])
        if kind == "photographer":
            return f"photographer for {outlet}", f"{outlet} photographer", outlet
        city = CITY_OF[country]
        if rng.random() < 0.4:
            city = _choice(rng, ("Seoul", "Beijing", "Tokyo", "Washington", "Moscow"))
        label = _choice(rng, ("correspondent", "reporter", "bureau chief"))
        return f"{outlet} {label} in {city}", f"{outlet} {label}", outlet
    if kind == "diplomat":
        hosts = [c for c in ("China", "South Korea", "North Korea", "Japan", "Russia")
                 if c != country]  # fmt: skip
        host = _choice(rng, hosts)
        if rng.random() < 0.4:
            return f"former {demonym} ambassador to {host}", f"former {demonym} ambassador", ""
        return f"{demonym} ambassador to {host}", f"{demonym} Ambassador", ""
    title = _choice(rng, OFFICIAL_TITLES[country])
    # "South Korean Vice Foreign Minister Park Ji-won", but "South Korean lawmaker Park".
    lowercase = any(word in title for word in ("spokesperson", "lawmaker", "aide", "chief"))
    descriptor = f"{demonym} {title if lowercase else _title_case(title)}"
    return f"{demonym} {title}", descriptor, ""


# Origins and kinds of the made-up people, in proportions a Korea desk would meet them.
ORIGINS = (("sk", 34), ("nk", 12), ("cn", 18), ("jp", 10), ("ru", 8), ("en", 18))
KINDS = {
    "sk": (("official", 30), ("analyst", 30), ("journalist", 25), ("photographer", 5),
           ("diplomat", 10)),
    "nk": (("official", 80), ("diplomat", 20)),
    "cn": (("official", 40), ("analyst", 25), ("journalist", 20), ("photographer", 5),
           ("diplomat", 10)),
    "jp": (("official", 35), ("analyst", 25), ("journalist", 25), ("photographer", 5),
           ("diplomat", 10)),
    "ru": (("official", 45), ("analyst", 25), ("journalist", 15), ("diplomat", 15)),
    "en": (("official", 25), ("analyst", 30), ("journalist", 30), ("photographer", 8),
           ("diplomat", 7)),
}  # fmt: skip


def _people_table(seed):
    """Every person, real ones first in order of prominence, then the made-up ones."""
    rng = random.Random(f"people:{seed}")
    people = []
    taken = set()  # every name and alias, normalised: no two people may share one
    for row in REAL_PEOPLE:
        name = row[0]
        kind, outlet = "principal", ""
        if name in REAL_ANALYSTS:
            kind = "analyst"
        elif name in REAL_JOURNALISTS:
            kind, outlet = "journalist", REAL_JOURNALISTS[name]
        people.append(_Person(*row, kind, outlet))
        taken.add(_normalize(name))
        taken.update(_normalize(alias) for alias in row[5])
    origins = [origin for origin, _ in ORIGINS]
    origin_cum = _cumulative(weight for _, weight in ORIGINS)
    while len(people) < PEOPLE_TOTAL:
        origin = _pick(rng, origins, origin_cum)
        kinds = KINDS[origin]
        kind = _pick(rng, [k for k, _ in kinds], _cumulative(w for _, w in kinds))
        name, short, country, gender, options = _made_up_name(rng, origin, kind)
        key = _normalize(name)
        if key in taken:
            continue
        # Most people have no alias or one; a few have two.
        wanted = _pick(rng, (0, 1, 2), (40, 85, 100))
        rng.shuffle(options)
        aliases = []
        for option in options:
            folded = _normalize(option)
            if len(aliases) < wanted and folded not in taken and folded != key:
                aliases.append(option)
                taken.add(folded)
        taken.add(key)
        role, descriptor, outlet = _made_up_role(rng, kind, country)
        people.append(
            _Person(name, short, False, country, role, aliases, None, (descriptor,), "",
                    gender, 0, kind, outlet)
        )  # fmt: skip
    return people


def generate_people(seed):
    """About 1,000 people as --people-out writes them: the real leaders and officials first."""
    return [person.public() for person in _people_table(seed)]


# ---------------------------------------------------------------------------------------------
# Sources
# ---------------------------------------------------------------------------------------------


class _Source:
    __slots__ = ("country", "domain", "honorific", "kind", "name", "spelling", "weight")

    def __init__(self, name, kind, country, domain, weight, spelling, honorific):
        self.name = name
        self.kind = kind
        self.country = country
        self.domain = domain
        self.weight = weight
        self.spelling = spelling
        self.honorific = honorific

    def public(self):
        return {"name": self.name, "kind": self.kind, "country": self.country}


def _made_up_outlet(rng):
    """(name, kind, country) of a plausible outlet."""
    place, country = _choice(rng, OUTLET_PLACES)
    region, region_country = _choice(rng, OUTLET_REGIONS)
    roll = rng.random()
    if roll < 0.55:
        return f"The {place} {_choice(rng, PAPER_WORDS)}", "newspaper", country
    if roll < 0.63:
        if rng.random() < 0.3:
            return f"{place} News Service", "wire", country
        label = _choice(rng, ("Wire Service", "News Agency", "Press Agency"))
        return f"{region} {label}", "wire", region_country
    if roll < 0.8:
        label = _choice(rng, ("{} Broadcasting Corporation", "{} Television", "{} Public Radio",
                            "Radio {}", "{} TV News"))  # fmt: skip
        return label.format(place), "broadcaster", country
    if roll < 0.85:
        label = _choice(rng, ("Voice of {}", "{} Central Television"))
        return label.format(region), "state_media", region_country
    if rng.random() < 0.3:
        return _choice(rng, (f"The {place} Review", f"{place} Insider")), "other", country
    label = _choice(rng, ("{} Policy Review", "The {} Monitor", "{} Affairs Digest",
                        "{} Security Brief"))  # fmt: skip
    return label.format(region), "other", region_country


def _sources_table(seed):
    rng = random.Random(f"sources:{seed}")
    sources = [_Source(*row) for row in REAL_SOURCES]
    taken = {_normalize(source.name) for source in sources}
    domains = {source.domain for source in sources}
    made = 0
    while made < GENERATED_SOURCES:
        name, kind, country = _made_up_outlet(rng)
        key = _normalize(name)
        if key in taken:
            continue
        taken.add(key)
        stem = re.sub(r"[^a-z0-9]+", "", key.removeprefix("the "))
        domain = f"www.{stem}.{TLD_BY_COUNTRY.get(country, 'com')}"
        while domain in domains:
            domain = domain.replace(".", "1.", 1)
        domains.add(domain)
        made += 1
        # Zipf over the made-up outlets: a handful are busy, most file now and then.
        weight = 4.0 / (made + 3)
        spelling = SPELLING_BY_COUNTRY.get(country, "us")
        honorific = _choice(rng, ("", "", "Mr." if spelling == "us" else "Mr"))
        sources.append(_Source(name, kind, country, domain, weight, spelling, honorific))
    return sources


def generate_sources(seed):
    """A few hundred sources as --sources-out writes them: the real outlets first."""
    return [source.public() for source in _sources_table(seed)]


# ---------------------------------------------------------------------------------------------
# Vocabulary and spelling
# ---------------------------------------------------------------------------------------------


_SUFFIX_INDEX = {suffix: index for index, suffix in enumerate(SUFFIXES)}
_LONGEST_SUFFIX = max(len(suffix) for suffix in SUFFIXES)


@functools.cache
def _suffix_class(word):
    """The index of the longest suffix in SUFFIXES that word ends with (leaving at least
    three letters), else len(SUFFIXES). Longer suffixes come first in SUFFIXES, so this is
    also the first one listed."""
    for length in range(min(_LONGEST_SUFFIX, len(word) - 3), 0, -1):
        index = _SUFFIX_INDEX.get(word[-length:])
        if index is not None:
            return index
    return len(SUFFIXES)


def _in_dictionary(word, lower_case_words):
    """Whether word, or the headword it inflects, is a lower-case dictionary entry."""
    if word in lower_case_words:
        return True
    for suffix, replacement in INFLECTIONS:
        if word.endswith(suffix) and word[: -len(suffix)] + replacement in lower_case_words:
            return True
    for suffix in ("ed", "ing", "er"):  # "planned", "shipping": a doubled consonant
        stem = word[: -len(suffix) - 1]
        doubled = len(stem) > 2 and word[-len(suffix) - 1] == stem[-1]
        if word.endswith(suffix) and doubled and stem in lower_case_words:
            return True
    return False


@functools.lru_cache(maxsize=1)
def _vocabulary():
    """Real English words by suffix class: [(words, cumulative weights)] per class.

    wordfreq ranks and weighs the words; a word is kept only where the english-words
    dictionaries (Webster's and GCIDE, capitals as printed) hold it in lower case, which
    leaves out the names, brands and abbreviations that wordfreq counts in lower case.
    """
    try:
        from english_words import get_english_words_set
        from wordfreq import get_frequency_list
    except ImportError as exc:  # pragma: no cover - a missing dev dependency
        raise SystemExit(
            "benchmark/corpus.py needs wordfreq==3.1.1 and english-words==2.0.2 "
            "(requirements-dev.txt)"
        ) from exc
    dictionary = get_english_words_set(["web2", "gcide"], lower=False)
    lower_case_words = {word for word in dictionary if word.islower()}
    buckets = [([], []) for _ in range(ADJECTIVES + 1)]
    # wordfreq's list, most frequent first, in bins of equal frequency: bin i holds the
    # words of frequency 10 ** (-i / 100).
    ranked = (
        (word, level)
        for level, words in enumerate(get_frequency_list("en", wordlist="large"))
        for word in words
    )
    # The top 150 are function words; below them the real frequencies give the Zipf tail.
    for word, level in itertools.islice(ranked, 150, VOCABULARY_SIZE):
        if not (word.isascii() and word.isalpha() and len(word) >= 3):
            continue
        if word in STOPWORDS or word in BLOCKED or not _in_dictionary(word, lower_case_words):
            continue
        # The real frequency, flattened a little (to the power 0.6): still Zipf-shaped, but
        # rare words turn up often enough for a few hundred articles to hold thousands of
        # distinct terms.
        weight = 10 ** (-level / 100 * 0.6)
        classes = [_suffix_class(word)]
        if classes[0] in ADJECTIVE_CLASSES:
            classes.append(ADJECTIVES)
        for index in classes:
            buckets[index][0].append(word)
            buckets[index][1].append(weight)
    return [(words, _cumulative(weights)) for words, weights in buckets]


@functools.lru_cache(maxsize=1)
def _spelling_maps():
    """({american: british}, {british: american}) for whole words."""
    british = dict(BRITISH)
    words = {word for bucket, _cum in _vocabulary() for word in bucket}
    for word in sorted(words):
        match = _IZE_RE.match(word)
        if match and f"{match.group(1)}is{match.group(2)}" in words:
            british[word] = f"{match.group(1)}is{match.group(2)}"
    for word in IZE_WORDS:
        british[word] = word.replace("iz", "is")
    american = {b: a for a, b in british.items() if " " not in b}
    # British forms in the seed copy.
    american.update({"denuclearising": "denuclearizing", "travelled": "traveled"})
    return british, american


_WORD_RE = re.compile(r"[A-Za-z][A-Za-z-]*[A-Za-z]|[A-Za-z]")


def _respell(text, spelling):
    """Text in the house spelling ("us" or "uk"), keeping initial capitals."""
    british, american = _spelling_maps()
    table = british if spelling == "uk" else american
    # Most sentences have nothing to respell: a set test in C skips them cheaply.
    if table.keys().isdisjoint(_WORD_RE.findall(text.lower())):
        return text

    def swap(match):
        word = match.group()
        new = table.get(word.lower(), word)
        return new[0].upper() + new[1:] if word[0].isupper() else new

    return _WORD_RE.sub(swap, text)


def _house_style(text, spelling):
    """American copy (with AP's 'U.S.') or British copy."""
    text = _respell(text, spelling)
    if spelling == "us" and "US" in text:
        text = re.sub(r"\bUS\b", "U.S.", text).replace("U.S..", "U.S.")
    return text


# ---------------------------------------------------------------------------------------------
# The seed chain
# ---------------------------------------------------------------------------------------------

PERSON_MARK = "\x01"
ANALYST_MARK = "\x02"
# A person named in the seed copy, with the descriptor before the name: one person mark.
_SEED_NAME_RE = re.compile(
    r"(?:(?:North Korean|South Korean|Chinese|Russian|US|North Korea['’]s|China['’]s) "
    r"(?:leader|[Pp]resident|general secretary) |President |Mr |general secretary )?"
    r"(?:Kim Jong Un|Kim Jong-un|Xi Jinping|Donald Trump|Vladimir Putin|Moon Jae-in|"
    r"John Bolton|Hong Lei|Ahn Yinhay|Christopher Hill|Kim|Xi|Trump|Putin|Bolton|Ahn|Hill|"
    r"Gopalan)\b"
)
# An expert with their role: "Christopher Hill, a former US ambassador to South Korea,".
_SEED_APPOSITIVE_RE = re.compile(
    r"(?:Ahn Yinhay|Christopher Hill|Hong Lei), (?:a|an|the|China['’]s) [^,]+,"
)


def _seed_sentences():
    """The sentences of the seed articles, names replaced by person marks."""
    sentences = []
    for path in sorted(SEEDS_DIR.glob("*.txt")):
        for raw in path.read_text(encoding="utf-8").splitlines():
            line = " ".join(raw.split())
            line = re.sub(r"^date \d{4}-\d\d-\d\d ", "", line)
            line = re.sub(r"^[A-Z]{3,}(?:, [A-Z][a-z]+(?: [A-Z][a-z]+)?)? — ", "", line)
            line = re.sub(r" – AP$", "", line)
            # Headlines, captions ("[Jason Lee/Reuters]") and page furniture are not copy.
            if len(line.split()) < 8 or "[" in line or "/" in line:
                continue
            line = line.replace("U.S.", "US").replace('"', "”")
            line = re.sub(r"(^|[\s(])”", "\\1“", line)
            line = line.replace("his wife Ri Sol Ju", "his wife")
            line = _SEED_APPOSITIVE_RE.sub(ANALYST_MARK, line)
            line = _SEED_NAME_RE.sub(PERSON_MARK, line)
            if "Divya" in line or "Hyung-jin" in line:
                continue
            for sentence in re.split(r"(?<=[.?!])\s+(?=[“A-Z\x01\x02])|(?<=[.?!]”)\s+", line):
                sentence = sentence.strip()
                if len(sentence.split()) >= 6 and sentence[-1] in ".?!”":
                    sentences.append(sentence)
    return sentences


def _balanced(sentence):
    """Whether quotes and brackets open before they close, and all close."""
    depth = dict.fromkeys("“([", 0)
    closing = {"”": "“", ")": "(", "]": "["}
    for ch in sentence:
        if ch in depth:
            depth[ch] += 1
        elif ch in closing:
            depth[closing[ch]] -= 1
            if depth[closing[ch]] < 0:
                return False
    return not any(depth.values())


def _chain_sentences(rng, sentences, count):
    """New sentences from a trigram chain over the seeds.

    The seeds are small, so a pure trigram chain mostly recites them; where a state has a
    single successor the chain sometimes backs off to the bigram, which splices sentences.
    Recited sentences are dropped.
    """
    trigrams = defaultdict(list)
    bigrams = defaultdict(list)
    for sentence in sentences:
        tokens = ["<s>", "<s>", *sentence.split(), "</s>"]
        for i in range(2, len(tokens)):
            trigrams[(tokens[i - 2], tokens[i - 1])].append(tokens[i])
            bigrams[tokens[i - 1]].append(tokens[i])
    originals = set(sentences)
    made = []
    seen = set()
    for _attempt in range(count * 40):
        if len(made) == count:
            break
        state = ("<s>", "<s>")
        tokens = []
        while len(tokens) < 60:
            options = trigrams[state]
            if len(options) == 1 and rng.random() < 0.3 and len(bigrams[state[1]]) > 1:
                options = bigrams[state[1]]
            word = _choice(rng, options)
            if word == "</s>":
                break
            tokens.append(word)
            state = (state[1], word)
        sentence = " ".join(tokens)
        if not 8 <= len(tokens) <= 45 or sentence in seen or sentence in originals:
            continue
        if _balanced(sentence) and sentence[-1] in ".?!”":
            seen.add(sentence)
            made.append(sentence)
    return made


# ---------------------------------------------------------------------------------------------
# Compiled sentences: a format string and the slots it takes
# ---------------------------------------------------------------------------------------------

# Slot codes are negative; non-negative codes are vocabulary classes (suffix classes).
S_ANY, S_ANY2, S_MAIN, S_OTHER, S_ANALYST, S_ANALYST_END = -1, -2, -3, -4, -5, -6
S_PLACE, S_COUNTRY, S_DAY, S_MONTH, S_YEAR, S_NUM, S_ORD, S_NTH = range(-7, -15, -1)
S_EV, S_EVS, S_TERM, S_WEAPON, S_ANNIV, S_MEDIA, S_KM, S_DIGITS, S_CITY = range(-15, -24, -1)
# An "a" or "an" that the next slot's word decides (lower case, or capitalised).
S_ARTICLE, S_ARTICLE_CAP = -24, -25
NAMED_SLOTS = {
    "any": S_ANY, "any2": S_ANY2, "main": S_MAIN, "other": S_OTHER, "analyst": S_ANALYST,
    "analyst_end": S_ANALYST_END, "place": S_PLACE, "country": S_COUNTRY, "day": S_DAY,
    "month": S_MONTH, "year": S_YEAR, "num": S_NUM, "ord": S_ORD, "nth": S_NTH, "ev": S_EV,
    "evs": S_EVS, "term": S_TERM, "weapon": S_WEAPON, "anniv": S_ANNIV, "media": S_MEDIA,
    "km": S_KM,
}  # fmt: skip
EVENT_SINGULAR = frozenset({"summit", "visit", "parade", "meeting", "trip"})
EVENT_PLURAL = frozenset({"summits", "talks", "meetings", "negotiations", "visits"})
SEED_CITIES = frozenset(
    {"Beijing", "Pyongyang", "Washington", "Seoul", "Moscow", "Hanoi", "Singapore", "Osaka"}
)
_ORDINAL_RE = re.compile(r"\d{1,3}(?:st|nd|rd|th)")
_YEAR_RE = re.compile(r"(?:19|20)\d\d[.,]?")
_SMALL_NUMBER_RE = re.compile(r"\d{1,2}")
_TOKEN_RE = re.compile(r"^([“(\[‘]*)([A-Za-z][A-Za-z’'-]*?)((?:['’]s)?[^A-Za-z]*)$")


def _substitutable(core, previous):
    """Whether a word may be swapped for a vocabulary word of its suffix class.

    Suffixes such as -tion, -ment, -ing or -ous say enough about the part of speech; a word
    without one (or with a bare -s or -er) is swapped only after a determiner, where it is
    most likely a noun.
    """
    if not (core.isalpha() and core.islower() and len(core) >= 4) or core in STOPWORDS:
        return False
    if _suffix_class(core) in LOOSE_CLASSES:
        return previous in DETERMINERS
    return True


def _compile_token(rng, token, previous, rate, seed_text, out, specs):
    """Append one token: a slot where it is a name, a content word picked for substitution or
    (in seed text) an event noun, a city or a number; the token itself otherwise."""
    for mark, slot in ((PERSON_MARK, S_ANY), (ANALYST_MARK, S_ANALYST)):
        if mark in token:
            before, after = (part.replace("{", "{{").replace("}", "}}")
                             for part in token.split(mark, 1))  # fmt: skip
            out.append(f"{before}{{}}{after}")
            specs.append(slot)
            return
    match = _TOKEN_RE.match(token)
    if seed_text:
        # Seed copy names its own events, dates and numbers; each story supplies its own.
        if token[0].isdigit():
            if _ORDINAL_RE.fullmatch(token):
                out.append("{}")
                specs.append(S_ORD)
                return
            if _YEAR_RE.fullmatch(token):
                out.append("{}" + token[4:])
                specs.append(S_YEAR)
                return
            if _SMALL_NUMBER_RE.fullmatch(token):
                out.append("{}")
                specs.append(S_DIGITS)
                return
        if match:
            core = match.group(2)
            slot = None
            if core in EVENT_SINGULAR and rng.random() < 0.7:
                slot = S_EV
            elif core in EVENT_PLURAL and rng.random() < 0.7:
                slot = S_EVS
            elif core in SEED_CITIES and rng.random() < 0.4:
                slot = S_CITY
            if slot is not None:
                out.append(f"{match.group(1)}{{}}{match.group(3)}")
                specs.append(slot)
                return
    if match and previous in DETERMINERS and rng.random() < rate * 0.6:
        # An adjective slipped in before the noun ("the [strategic] visit"): new words
        # without breaking the sentence.
        core = match.group(2)
        if core.isalpha() and core.islower() and core not in STOPWORDS:
            out.append(f"{match.group(1)}{{}} ")  # the opening quote, if any, goes first
            specs.append(ADJECTIVES)
            token = token[len(match.group(1)) :]
            match = _TOKEN_RE.match(token)
    if match and _substitutable(match.group(2), previous) and rng.random() < rate:
        out.append(f"{match.group(1)}{{}}{match.group(3)}")
        # Some swaps in seed copy draw the story's own topical terms, not general English.
        topical = seed_text and rng.random() < 0.12
        specs.append(S_TERM if topical else _suffix_class(match.group(2)))
        return
    out.append(token.replace("{", "{{").replace("}", "}}"))


_ARTICLE_RE = re.compile(r"([“(]?)([Aa]n?)")


def _article_slot(out, specs, start=None, slots=None):
    """Make an "a" or "an" just before a slot into a slot of its own ("a [eight]-day visit"
    would be wrong): the word drawn after it decides."""
    start = len(out) if start is None else start
    slots = len(specs) if slots is None else slots
    if start < 2 or out[start - 1] != " ":
        return
    match = _ARTICLE_RE.fullmatch(out[start - 2])
    if match:
        specs.insert(slots, S_ARTICLE_CAP if match.group(2)[0] == "A" else S_ARTICLE)
        out[start - 2] = match.group(1) + "{}"


def _compile(rng, text, rate, seed_text=False):
    """A sentence (with {named} slots) as (format string, slot codes)."""
    out = []
    specs = []
    previous = ""
    for piece in re.split(r"(\{\w+\})", text):
        if not piece:
            continue
        if piece.startswith("{") and piece[1:-1] in NAMED_SLOTS:
            _article_slot(out, specs)
            out.append("{}")
            specs.append(NAMED_SLOTS[piece[1:-1]])
            previous = ""
            continue
        words = piece.split(" ")
        for index, word in enumerate(words):
            if word:
                start, slots = len(out), len(specs)
                _compile_token(rng, word, previous, rate, seed_text, out, specs)
                if len(specs) > slots and out[start].startswith("{}"):
                    _article_slot(out, specs, start, slots)
                previous = word.lower()
            if index < len(words) - 1:
                out.append(" ")
    return "".join(out), tuple(specs)


def _styled(templates):
    """{"us": [...], "uk": [...]}: the same compiled sentences in each house spelling."""
    return {
        spelling: [(_house_style(fmt, spelling), specs) for fmt, specs in templates]
        for spelling in ("us", "uk")
    }


class _Model:
    """Everything an article is drawn from: built once per seed, read-only afterwards."""

    def __init__(self, seed):
        rng = random.Random(f"model:{seed}")
        self.people = _people_table(seed)
        self.sources = _sources_table(seed)
        self.source_cum = _cumulative(source.weight for source in self.sources)
        vocabulary = _vocabulary()
        british, american = _spelling_maps()
        # Vocabulary words in each house spelling (the weights are shared).
        self.words = {
            "us": [[american.get(w, w) for w in words] for words, _ in vocabulary],
            "uk": [[british.get(w, w) for w in words] for words, _ in vocabulary],
        }
        self.word_cums = [cum for _, cum in vocabulary]

        real = self.people[: len(REAL_PEOPLE)]
        made_up = self.people[len(REAL_PEOPLE) :]
        # Principals by year: the real people in office that year, leaders weighing most,
        # then made-up officials on a Zipf tail.
        officials = [p for p in made_up if p.kind in ("official", "diplomat")]
        for rank, person in enumerate(officials):
            person.weight = 6.0 / (rank + 6)
        self.principals = {}
        self.north_koreans = {}  # who leads a missile, nuclear or parade story
        for year in range(FIRST_DAY.year, LAST_DAY.year + 1):
            pool = [p for p in real if p.weight and p.active(year)] + officials
            self.principals[year] = (pool, _cumulative(p.weight for p in pool))
            north = [p for p in pool if p.country == "North Korea"]
            self.north_koreans[year] = (north, _cumulative(p.weight for p in north))
        # Secondary people (experts quoted, officials named once): Zipf over a seeded order.
        secondary = [p for p in made_up if p.kind in ("analyst", "official", "diplomat")]
        secondary += [p for p in real if p.kind == "analyst"]
        rng.shuffle(secondary)
        self.secondary = secondary
        self.secondary_cum = _cumulative(1 / (r + 3) ** 0.9 for r in range(len(secondary)))
        self.journalists = [p for p in self.people if p.kind == "journalist"]
        self.journalist_cum = _cumulative(1 / (r + 2) ** 0.8 for r in range(len(self.journalists)))
        self.staff = defaultdict(list)
        for person in self.journalists:
            self.staff[person.outlet].append(person)
        self.photographers = [p for p in self.people if p.kind == "photographer"]
        self.intros = {
            spelling: {p.name: [_house_style(d, spelling) for d in p.intros] for p in self.people}
            for spelling in ("us", "uk")
        }

        chain = _chain_sentences(rng, _seed_sentences(), 1500)
        # Each chain sentence twice, with different words marked for substitution.
        self.chain = _styled([_compile(rng, s, CHAIN_SWAPS, seed_text=True) for s in chain
                              for _ in range(2)])  # fmt: skip
        quotes = []
        for sentence in chain:
            if len(quotes) == 1200:
                break
            # Quoted words name nobody: a mark inside quotes would read as a misquote.
            if any(ch in sentence for ch in "“”\x01\x02") or not sentence.endswith("."):
                continue
            body = sentence[:-1]
            form = rng.random()
            if form < 0.5:
                text = f"“{body},” {{any}} said."
            elif form < 0.8:
                text = f"“{body},” said {{analyst_end}}."
            else:
                text = f"{{any}} said: “{body}.”"
            quotes.append(_compile(rng, text, CHAIN_SWAPS, seed_text=True))
        self.quotes = _styled(quotes)
        self.generic = _styled([_compile(rng, s, TEMPLATE_SWAPS) for s in GENERIC_SENTENCES
                                for _ in range(3)])  # fmt: skip
        self.analyst = _styled([_compile(rng, s, TEMPLATE_SWAPS) for s in ANALYST_SENTENCES
                                for _ in range(3)])  # fmt: skip
        self.topics = sorted(TOPICS)
        self.topic_cum = _cumulative(TOPICS[topic].weight for topic in self.topics)
        self.topic_sentences = {
            topic: _styled([_compile(rng, s, TEMPLATE_SWAPS / 2) for s in TOPICS[topic].sentences
                            for _ in range(2)])
            for topic in self.topics
        }  # fmt: skip
        self.ledes = {
            topic: _styled([_compile(rng, s, 0.05) for s in TOPICS[topic].ledes])
            for topic in self.topics
        }
        self.background = [
            (year, _styled([_compile(rng, text, 0.0)])) for year, text in BACKGROUND_SENTENCES
        ]
        self.moon = _styled([_compile(rng, s, 0.0) for s in MOON_SENTENCES])
        self.years = list(range(FIRST_DAY.year, LAST_DAY.year + 1))
        # Recent years dominate, as in any news archive; the 2018-19 summits were the peak.
        self.year_cum = _cumulative(
            1.0 if year < 2017 else {2017: 5, 2018: 8, 2019: 7}.get(year, 4.5)
            for year in self.years
        )


@functools.lru_cache(maxsize=4)
def _model(seed):
    return _Model(seed)


# ---------------------------------------------------------------------------------------------
# One article
# ---------------------------------------------------------------------------------------------


class _Writer:
    """Writes article ``index``: its draws, who has been named so far, its house style."""

    def __init__(self, model, seed, index):
        self.model = model
        self.index = index
        self.rng = rng = random.Random(f"article:{seed}:{index}")
        self.source = _pick(rng, model.sources, model.source_cum)
        self.spelling = self.source.spelling
        self.words = model.words[self.spelling]
        self.year = _pick(rng, model.years, model.year_cum)
        first = datetime.date(self.year, 1, 1).toordinal()
        last = min(datetime.date(self.year, 12, 31), LAST_DAY).toordinal()
        self.date = datetime.date.fromordinal(rng.randint(first, last))
        self.topic = _pick(rng, model.topics, model.topic_cum)
        self.spec = TOPICS[self.topic]
        self.place = _choice(rng, self.spec.places)
        self.last_person = None
        self.expert_turn = 0
        self.used = set()  # hand-written sentences already in this story
        self._choose_people()
        # The other country in the story: the second principal's, where that is a third party.
        home = self.main[0].country
        country = self.main[1].country
        if country in ("", "Portugal", "North Korea", home):
            country = _choice(rng, [c for c in COUNTRIES if c not in (home, "North Korea")])
        self.country = "the United States" if country == "United States" else country
        self.fill = {
            S_ANY: self._any, S_ANY2: self._any2, S_MAIN: self._main, S_OTHER: self._other,
            S_ANALYST: self._analyst, S_ANALYST_END: self._analyst_end, S_PLACE: self._place,
            S_CITY: self._city, S_COUNTRY: self._country, S_DAY: self._day,
            S_MONTH: self._month, S_YEAR: self._year, S_NUM: self._num, S_ORD: self._ord,
            S_NTH: self._nth, S_EV: self._ev, S_EVS: self._evs, S_TERM: self._term,
            S_WEAPON: self._weapon, S_ANNIV: self._anniv, S_MEDIA: self._media, S_KM: self._km,
            S_DIGITS: self._digits,
        }  # fmt: skip

    # -- people ---------------------------------------------------------------------------------

    def _choose_people(self):
        rng = self.rng
        pool, cum = self.model.principals[self.year]
        count = _pick(rng, (2, 3), (65, 100))
        main = []
        if self.topic in NORTH_KOREAN_TOPICS and rng.random() < 0.8:
            main.append(_pick(rng, *self.model.north_koreans[self.year]))
        while len(main) < count:
            person = _pick(rng, pool, cum)
            if person not in main:
                main.append(person)
        extra = _pick(rng, (0, 1, 2, 3), (15, 50, 80, 100))
        secondary = []
        while len(secondary) < extra:
            person = _pick(rng, self.model.secondary, self.model.secondary_cum)
            if person not in secondary and person not in main:
                secondary.append(person)
        self.main = main
        self.secondary = secondary
        self.people = main + secondary
        # Anyone may be named, the principals most, the first of them most of all.
        self.any_cum = _cumulative([6, 3, 2][: len(main)] + [1] * len(secondary))
        # The spelling this story uses for each name (now and then a variant: "Kim Jong-un").
        self.display = {}
        for person in self.people:
            name = person.name
            if person.variants and rng.random() < 0.25:
                name = _choice(rng, person.variants)
            self.display[person.name] = name
        shorts = [person.short for person in self.people]
        self.ambiguous = {short for short in shorts if shorts.count(short) > 1}
        self.introduced = set()

    def _mention(self, person):
        """The person as running text names them: in full the first time, short after."""
        rng = self.rng
        name = self.display[person.name]
        if person.name not in self.introduced:
            self.introduced.add(person.name)
            if person.cjk and rng.random() < 0.03:
                return f"{name} ({_choice(rng, person.cjk)})"
            intros = self.model.intros[self.spelling][person.name]
            if intros and rng.random() < 0.85:
                return f"{_choice(rng, intros)} {name}"
            return name
        roll = rng.random()
        if roll < 0.1:
            return name
        short = person.short
        if person.title and roll < 0.35:
            return f"{person.title} {short}"
        honorific = self.source.honorific
        if honorific:
            if person.gender == "f":
                honorific = "Ms." if honorific.endswith(".") else "Ms"
            if roll < 0.85 or short in self.ambiguous:
                return f"{honorific} {short}"
        # A bare surname two people in the story share would be ambiguous: repeat the name.
        return name if short in self.ambiguous else short

    def _any(self):
        person = _pick(self.rng, self.people, self.any_cum)
        for _attempt in range(3):  # "talks between Kim and Kim" reads as a glitch
            if person is not self.last_person:
                break
            person = _pick(self.rng, self.people, self.any_cum)
        self.last_person = person
        return self._mention(person)

    def _any2(self):
        others = [p for p in self.people if p is not self.last_person]
        person = _choice(self.rng, others)
        self.last_person = person
        return self._mention(person)

    def _main(self):
        self.last_person = self.main[0]
        return self._mention(self.main[0])

    def _other(self):
        self.last_person = self.main[1]
        return self._mention(self.main[1])

    def _expert(self, comma):
        """An expert, with their role the first time: 'Name, a professor at X,'."""
        if self.secondary:
            person = self.secondary[self.expert_turn % len(self.secondary)]
            self.expert_turn += 1
        else:
            person = self.main[-1]
        self.last_person = person
        if person.name in self.introduced or person.kind == "principal":
            return self._mention(person)
        self.introduced.add(person.name)
        role = person.role
        if role.startswith("former "):
            role = role.removeprefix("former ")
            return f"{self.display[person.name]}, a former {role}{comma}"
        return f"{self.display[person.name]}, {_article_word(role)} {role}{comma}"

    def _analyst(self):
        return self._expert(",")

    def _analyst_end(self):
        return self._expert("")

    # -- other slots ----------------------------------------------------------------------------

    def _place(self):
        return self.place if self.rng.random() < 0.7 else _choice(self.rng, CITIES)

    def _city(self):
        return self.place if self.rng.random() < 0.5 else _choice(self.rng, CITIES)

    def _country(self):
        return self.country

    def _day(self):
        return self.date.strftime("%A")

    def _month(self):
        return _choice(self.rng, MONTHS)

    def _year(self):
        return str(max(1990, self.year - self.rng.randint(0, 9)))

    def _num(self):
        return _choice(self.rng, NUMBER_WORDS)

    def _digits(self):
        return str(self.rng.randint(2, 28))

    def _ord(self):
        return _ordinal(self.rng.randint(2, 80))

    def _nth(self):
        return _choice(self.rng, NTH)

    def _ev(self):
        return _choice(self.rng, self.spec.ev[0])

    def _evs(self):
        return _choice(self.rng, self.spec.ev[1])

    def _term(self):
        return _choice(self.rng, self.spec.terms)

    def _weapon(self):
        return _choice(self.rng, WEAPONS)

    def _anniv(self):
        anniversary = _choice(self.rng, ANNIVERSARIES)
        return f"the {_ordinal(self.rng.randint(50, 80))} anniversary of {anniversary}"

    def _media(self):
        return _choice(self.rng, MEDIA)

    def _km(self):
        return f"{self.rng.randint(2, 99) * 10:,}"

    # -- sentences ------------------------------------------------------------------------------

    def render(self, template):
        """Fill a compiled sentence: vocabulary draws inline (the hot path), slots by call."""
        fmt, specs = template
        if specs:
            rng = self.rng
            words = self.words
            cums = self.model.word_cums
            fill = self.fill
            values = []
            article = None  # the index of an "a"/"an" waiting for the word after it
            for spec in specs:
                if spec >= 0:
                    cum = cums[spec]
                    value = words[spec][bisect.bisect(cum, rng.random() * cum[-1])]
                elif spec <= S_ARTICLE:
                    article = len(values)
                    values.append(spec)
                    continue
                else:
                    value = fill[spec]()
                if article is not None:
                    chosen = _article_word(value)
                    capital = values[article] == S_ARTICLE_CAP
                    values[article] = chosen.capitalize() if capital else chosen
                    article = None
                values.append(value)
            text = fmt.format(*values)
        else:
            text = fmt
        if text[0].islower():
            return text[0].upper() + text[1:]
        if text[0] == "“" and text[1:2].islower():
            return "“" + text[1].upper() + text[2:]
        return text

    def sentence(self):
        model = self.model
        rng = self.rng
        roll = rng.random()
        if roll < 0.5:
            pool = model.chain
        elif roll < 0.62:
            pool = model.quotes
        elif roll < 0.76:
            pool = model.generic
        elif roll < 0.86:
            pool = model.topic_sentences[self.topic]
        elif roll < 0.94:
            pool = model.analyst
        else:
            pool = _choice(rng, [b for year, b in model.background if year <= self.year])
        template = _choice(rng, pool[self.spelling])
        if pool is not model.chain:
            # A story does not repeat itself word for word: draw again (a few times at most).
            for _attempt in range(3):
                if id(template) not in self.used:
                    break
                template = _choice(rng, pool[self.spelling])
            self.used.add(id(template))
        return self.render(template)

    # -- the article ----------------------------------------------------------------------------

    def title(self):
        rng = self.rng
        names = {}
        for key, person in (("A", self.main[0]), ("B", self.main[1])):
            # Headlines use the surname of a well-known leader, the full name of anyone else.
            if rng.random() < 0.55 or person.short in self.ambiguous or not person.leader:
                names[key] = person.name
            else:
                names[key] = person.short
        values = dict(
            names,
            place=self.place,
            country=self.country.removeprefix("the "),
            nth=_choice(rng, NTH),
            ord=_ordinal(rng.randint(50, 80)),
            term=_choice(rng, self.spec.terms),
            weapon=_choice(rng, WEAPONS),
        )
        for _attempt in range(6):
            title = _choice(rng, self.spec.titles).format(**values)
            if 6 <= len(title.split()) <= 14:
                break
        else:
            title = f"{names['A']} and {names['B']} discuss {values['term']} in {self.place}"
        # Headlines keep "US" (as AP's do); only the spelling follows the house.
        return _respell(title[0].upper() + title[1:], self.spelling)

    def body(self):
        rng = self.rng
        model = self.model
        target = min(2500, max(150, int(rng.lognormvariate(math.log(600), 0.5))))
        lede = self.render(_choice(rng, model.ledes[self.topic][self.spelling]))
        if rng.random() < 0.35:
            city = self.place if self.place in DATELINES else _choice(rng, sorted(DATELINES))
            tag = {"Associated Press": " (AP)", "Reuters": " (Reuters)"}.get(self.source.name, "")
            dash = " - " if self.source.name == "Reuters" else " — "
            lede = f"{DATELINES[city]}{tag}{dash}{lede}"
        paragraphs = [lede]
        words = lede.count(" ") + 1
        # Hard cases, placed up front so that the loop below only counts words.
        caption_at = rng.randint(2, 5) if rng.random() < 0.12 else -1
        heading_at = rng.randint(4, 9) if rng.random() < 0.1 else -1
        moon_jae_in = any(person.name == "Moon Jae-in" for person in self.people)
        moon_at = rng.randint(1, 6) if rng.random() < (0.3 if moon_jae_in else 0.03) else -1
        while words < target:
            count = _pick(rng, (1, 2, 3, 4), (30, 65, 90, 100))
            sentences = [self.sentence() for _ in range(count)]
            if len(paragraphs) == moon_at:
                sentences.append(self.render(_choice(rng, model.moon[self.spelling])))
            paragraph = " ".join(sentences)
            words += paragraph.count(" ") + 1
            paragraphs.append(paragraph)
            if len(paragraphs) == caption_at:
                paragraphs.append(self.caption())
            if len(paragraphs) == heading_at:
                country = self.country.removeprefix("the ")
                heading = _choice(rng, SUBHEADINGS).format(country=country)
                paragraphs.append(heading[0].upper() + heading[1:])
        roll = rng.random()
        if roll < 0.08:
            paragraphs.append(self.credit())
        elif roll < 0.11:
            paragraphs[-1] += _choice(rng, (" – AP", " – AFP", " – Reuters"))
        return "\n\n".join(paragraphs)

    def caption(self):
        """A photo caption and its credit: 'Kim Jong Un waves at the parade [Jason Lee/Reuters]'."""
        rng = self.rng
        person = _choice(rng, self.main)
        action = _choice(rng, CAPTION_ACTIONS).format(place=self.place)
        photographer = _choice(rng, self.model.photographers).name
        roll = rng.random()
        if roll < 0.6:
            return f"{person.name} {action} [{photographer}/{_choice(rng, PHOTO_AGENCIES)}]"
        if roll < 0.85:
            return f"{person.name} {action} ({photographer}/{_choice(rng, PHOTO_AGENCIES)})"
        return f"{person.name} {action} [File: {photographer}/Xinhua via The Associated Press]"

    def credit(self):
        """A writer's credit line: it names a journalist, but is not a mention."""
        rng = self.rng
        model = self.model
        staff = model.staff.get(self.source.name)
        writer = _choice(rng, staff) if staff else _pick(rng, model.journalists,
                                                       model.journalist_cum)  # fmt: skip
        city = _choice(rng, ("Seoul", "Beijing", "Tokyo", "Washington", "Moscow"))
        roll = rng.random()
        if roll < 0.5:
            outlet = self.source.name if staff else writer.outlet
            return f"{outlet} writer {writer.name} contributed to this report."
        if roll < 0.75:
            editor = _pick(rng, model.journalists, model.journalist_cum)
            return f"Reporting by {writer.name} in {city}; Editing by {editor.name}"
        return f"Additional reporting by {writer.name} in {city}."

    def authors(self):
        rng = self.rng
        model = self.model
        count = _pick(rng, (0, 1, 2, 3), (30, 80, 95, 100))
        staff = model.staff.get(self.source.name)
        names = []
        for _attempt in range(count * 3):
            if len(names) == count:
                break
            if staff and rng.random() < 0.6:
                person = _choice(rng, staff)
            else:
                person = _pick(rng, model.journalists, model.journalist_cum)
            if person.name not in names:
                names.append(person.name)
        return names

    def record(self):
        title = self.title()
        body = self.body()
        authors = self.authors()
        slug = "-".join(re.findall(r"[a-z0-9]+", title.lower())[:8])
        record = {
            "title": title,
            "body": body,
            "source": self.source.name,
            "url": f"https://{self.source.domain}/{self.year}/{slug}-{self.index}",
        }
        roll = self.rng.random()
        # About 5% have no known date and 3% only a month.
        if roll >= 0.08:
            record["published"] = self.date.isoformat()
        elif roll >= 0.05:
            record["published"] = self.date.isoformat()[:7]
        record["authors"] = authors
        record["language"] = "en"
        return record


# ---------------------------------------------------------------------------------------------
# The corpus
# ---------------------------------------------------------------------------------------------


def generate_article(seed, index):
    """Article ``index`` of the corpus for ``seed``: the dict its JSON line holds."""
    return _Writer(_model(seed), seed, index).record()


def _render_chunk(task):
    """Articles start..stop-1 as UTF-8 JSON lines (a worker's unit of work)."""
    seed, start, stop = task
    model = _model(seed)
    lines = [
        json.dumps(_Writer(model, seed, index).record(), ensure_ascii=False) + "\n"
        for index in range(start, stop)
    ]
    return "".join(lines).encode("utf-8")


def write_corpus(out, size, seed, *, jobs=1):
    """Write ``size`` articles for ``seed`` to ``out`` (a path, or a binary file) as JSON lines.

    Streams chunk by chunk, so memory does not grow with ``size``. With ``jobs`` > 1 the
    chunks are made in worker processes and written in order: the bytes are the same.
    Returns {"articles": ..., "bytes": ...}.
    """
    if isinstance(out, (str, os.PathLike)):
        with open(out, "wb") as handle:
            return write_corpus(handle, size, seed, jobs=jobs)
    _model(seed)  # built before any fork, so that workers share it
    tasks = ((seed, start, min(start + CHUNK, size)) for start in range(0, size, CHUNK))
    written = 0
    if jobs > 1 and size > CHUNK and "fork" in multiprocessing.get_all_start_methods():
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            # imap keeps the order, and the writer keeps up, so few chunks wait in memory.
            for data in pool.imap(_render_chunk, tasks):
                out.write(data)
                written += len(data)
    else:
        for task in tasks:
            data = _render_chunk(task)
            out.write(data)
            written += len(data)
    return {"articles": size, "bytes": written}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, required=True, help="number of articles")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", required=True, help="the JSON lines file to write")
    parser.add_argument("--people-out", help="also write the people table (JSON) here")
    parser.add_argument("--sources-out", help="also write the sources table (JSON) here")
    parser.add_argument(
        "--jobs",
        type=int,
        default=min(2, os.cpu_count() or 1),
        help="worker processes (default: up to 2); the output does not depend on it",
    )
    args = parser.parse_args(argv)
    if args.size < 0:
        parser.error("--size must be 0 or more")
    started = time.monotonic()
    for path, table in ((args.people_out, generate_people), (args.sources_out, generate_sources)):
        if path:
            with open(path, "w", encoding="utf-8") as handle:
                json.dump(table(args.seed), handle, ensure_ascii=False, indent=1)
                handle.write("\n")
    stats = write_corpus(args.out, args.size, args.seed, jobs=max(1, args.jobs))
    seconds = time.monotonic() - started
    print(
        f"{stats['articles']} articles, {stats['bytes'] / 1e6:.1f} MB, {seconds:.1f} s "
        f"({stats['articles'] / max(seconds, 1e-9):.0f} articles/s) -> {args.out}",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
