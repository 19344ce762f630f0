package entity

import (
	"strings"

	"github.com/crosscheck/crosscheck/internal/text"
)

// The gazetteers below are general knowledge: countries with their aliases,
// demonyms and capitals/seats of government, regions and major cities,
// international organisations, political parties, news outlets, major
// companies, named events, titles and given names. They are written as
// compact text tables so that they are easy to review and extend; they are
// parsed once into read-only maps.

// countryTable: canonical | aliases | demonyms (adjective, people) | capitals
// and seats of government used as metonyms for the state.
const countryTable = `
United States|US,U.S.,USA,U.S.A.,America,United States of America,the States|American,Americans,U.S.|Washington,White House,the White House,Pentagon,the Pentagon,Capitol Hill,Oval Office
United Kingdom|UK,U.K.,Britain,Great Britain|British,Briton,Britons|London,Downing Street,Whitehall,Westminster
Russia|Russian Federation|Russian,Russians|Moscow,Kremlin,the Kremlin
China|People's Republic of China,PRC,Mainland China|Chinese|Beijing,Zhongnanhai
Netherlands|the Netherlands,Holland|Dutch|Amsterdam,The Hague
Germany|Federal Republic of Germany|German,Germans|Berlin,Bundestag
France|French Republic|French,Frenchman|Paris,Elysee,Élysée,Elysee Palace,Élysée Palace
Italy||Italian,Italians|Rome
Spain||Spanish,Spaniard,Spaniards|Madrid
Portugal||Portuguese|Lisbon
Belgium||Belgian,Belgians|
Luxembourg||Luxembourgish|
Switzerland||Swiss|Bern
Austria||Austrian,Austrians|Vienna
Poland||Polish,Pole,Poles|Warsaw
Czech Republic|Czechia|Czech,Czechs|Prague
Slovakia||Slovak,Slovakian,Slovaks|Bratislava
Hungary||Hungarian,Hungarians|Budapest
Romania||Romanian,Romanians|Bucharest
Bulgaria||Bulgarian,Bulgarians|Sofia
Greece||Greek,Greeks|Athens
Turkey|Türkiye,Turkiye|Turkish,Turk,Turks|Ankara
Cyprus||Cypriot,Cypriots|Nicosia
Malta||Maltese|Valletta
Ireland|Republic of Ireland|Irish|Dublin
Iceland||Icelandic|Reykjavik
Norway||Norwegian,Norwegians|Oslo
Sweden||Swedish,Swede,Swedes|Stockholm
Finland||Finnish,Finn,Finns|Helsinki
Denmark||Danish,Dane,Danes|Copenhagen
Estonia||Estonian,Estonians|Tallinn
Latvia||Latvian,Latvians|Riga
Lithuania||Lithuanian,Lithuanians|Vilnius
Ukraine||Ukrainian,Ukrainians|Kyiv,Kiev
Belarus||Belarusian,Belarusians|Minsk
Moldova||Moldovan,Moldovans|Chisinau
Georgia||Georgian,Georgians|Tbilisi
Armenia||Armenian,Armenians|Yerevan
Azerbaijan||Azerbaijani,Azeri|Baku
Kazakhstan||Kazakh,Kazakhs|Astana
Uzbekistan||Uzbek,Uzbeks|Tashkent
Serbia||Serbian,Serb,Serbs|Belgrade
Croatia||Croatian,Croat,Croats|Zagreb
Slovenia||Slovenian,Slovene|Ljubljana
Bosnia and Herzegovina|Bosnia|Bosnian,Bosnians|Sarajevo
Montenegro||Montenegrin|Podgorica
North Macedonia|Macedonia|Macedonian|Skopje
Albania||Albanian,Albanians|Tirana
Kosovo||Kosovar,Kosovars|Pristina
Israel||Israeli,Israelis|Jerusalem,Knesset
Palestine|Palestinian territories|Palestinian,Palestinians|Ramallah
Lebanon||Lebanese|Beirut
Syria||Syrian,Syrians|Damascus
Jordan||Jordanian,Jordanians|Amman
Iraq||Iraqi,Iraqis|Baghdad
Iran|Islamic Republic of Iran|Iranian,Iranians|Tehran
Saudi Arabia||Saudi,Saudis|Riyadh
Yemen||Yemeni,Yemenis|Sanaa
Oman||Omani|Muscat
United Arab Emirates|UAE,U.A.E.|Emirati,Emiratis|Abu Dhabi
Qatar||Qatari,Qataris|Doha
Kuwait||Kuwaiti,Kuwaitis|Kuwait City
Bahrain||Bahraini|Manama
Egypt||Egyptian,Egyptians|Cairo
Libya||Libyan,Libyans|Tripoli
Tunisia||Tunisian,Tunisians|Tunis
Algeria||Algerian,Algerians|Algiers
Morocco||Moroccan,Moroccans|Rabat
Sudan||Sudanese|Khartoum
South Sudan||South Sudanese|Juba
Ethiopia||Ethiopian,Ethiopians|Addis Ababa
Eritrea||Eritrean|Asmara
Somalia||Somali,Somalis|Mogadishu
Kenya||Kenyan,Kenyans|Nairobi
Uganda||Ugandan,Ugandans|Kampala
Tanzania||Tanzanian|Dodoma
Rwanda||Rwandan,Rwandans|Kigali
Democratic Republic of the Congo|DRC,DR Congo,Congo|Congolese|Kinshasa
Nigeria||Nigerian,Nigerians|Abuja
Ghana||Ghanaian,Ghanaians|Accra
Senegal||Senegalese|Dakar
Mali||Malian|Bamako
Niger||Nigerien|Niamey
Chad||Chadian|N'Djamena
Cameroon||Cameroonian|Yaounde
South Africa||South African,South Africans|Pretoria
Zimbabwe||Zimbabwean|Harare
Mozambique||Mozambican|Maputo
Angola||Angolan|Luanda
Afghanistan||Afghan,Afghans|Kabul
Pakistan||Pakistani,Pakistanis|Islamabad
India||Indian,Indians|New Delhi
Bangladesh||Bangladeshi|Dhaka
Sri Lanka||Sri Lankan|Colombo
Nepal||Nepalese,Nepali|Kathmandu
Myanmar|Burma|Myanmar,Burmese|Naypyidaw
Thailand||Thai|Bangkok
Vietnam|Viet Nam|Vietnamese|Hanoi
Cambodia||Cambodian|Phnom Penh
Laos||Lao,Laotian|Vientiane
Malaysia||Malaysian,Malaysians|Kuala Lumpur
Singapore||Singaporean,Singaporeans|
Indonesia||Indonesian,Indonesians|Jakarta
Philippines|the Philippines|Filipino,Filipinos,Philippine|Manila
Japan||Japanese|Tokyo
South Korea|Republic of Korea,ROK|South Korean,South Koreans|Seoul,Blue House
North Korea|Democratic People's Republic of Korea,DPRK,D.P.R.K.|North Korean,North Koreans|Pyongyang
Taiwan|Republic of China|Taiwanese|Taipei
Mongolia||Mongolian|Ulaanbaatar
Australia||Australian,Australians|Canberra
New Zealand||New Zealander,New Zealanders|Wellington
Canada||Canadian,Canadians|Ottawa
Mexico||Mexican,Mexicans|Mexico City
Cuba||Cuban,Cubans|Havana
Venezuela||Venezuelan,Venezuelans|Caracas
Colombia||Colombian,Colombians|Bogota
Brazil||Brazilian,Brazilians|Brasilia
Argentina||Argentine,Argentinian,Argentines|Buenos Aires
Chile||Chilean,Chileans|Santiago
Peru||Peruvian,Peruvians|Lima
Ecuador||Ecuadorian|Quito
Bolivia||Bolivian|La Paz
Paraguay||Paraguayan|Asuncion
Uruguay||Uruguayan|Montevideo
Nicaragua||Nicaraguan|Managua
Haiti||Haitian,Haitians|Port-au-Prince
Guatemala||Guatemalan|Guatemala City
Honduras||Honduran|Tegucigalpa
El Salvador||Salvadoran|San Salvador
Panama||Panamanian|Panama City
Vatican|Holy See,Vatican City|Vatican|
`

// regionTable lists places that are not states: regions, continents, US
// states and major cities. canonical | aliases | demonyms.
const regionTable = `
Europe||European,Europeans
Asia||Asian,Asians
Africa||African,Africans
North America||North American
South America||South American
Latin America||Latin American
Middle East|Mideast|Middle Eastern
Scandinavia||Scandinavian
Baltic states|Baltics|Baltic
Balkans|the Balkans|Balkan
Korean Peninsula|the Korean Peninsula|
Caucasus||Caucasian
Arctic||
Antarctica||
Crimea||Crimean
Donbas|Donbass|
Gaza|Gaza Strip|Gazan
West Bank||
Kashmir||Kashmiri
Tibet||Tibetan
Hong Kong||
Xinjiang||
Catalonia||Catalan
Scotland||Scottish,Scot,Scots
Wales||Welsh
England||English
Northern Ireland||
Kurdistan||Kurdish,Kurd,Kurds
Siberia||Siberian
Earth||
`

// cityTable holds major cities and US states (GPE), one per line.
const cityTable = `
New York,New York City,Los Angeles,Chicago,Houston,Phoenix,Philadelphia,San Antonio,San Diego,Dallas,San Jose,Austin,San Francisco,Seattle,Denver,Boston,Detroit,Miami,Atlanta,Las Vegas,Portland,Baltimore,Minneapolis,New Orleans,Cleveland,Pittsburgh,Cincinnati,St. Louis,Kansas City,Nashville,Memphis,Orlando,Tampa,Charlotte,Raleigh,Sacramento,Honolulu,Anchorage,Salt Lake City,Palo Alto,Cupertino,Mountain View,Redmond,Silicon Valley,Long Beach,Everett,Mobile,Wichita,Oakland,Brooklyn,Manhattan,Queens,Bronx,Hollywood,Princeton,Cambridge,Oxford,
Alabama,Alaska,Arizona,Arkansas,California,Colorado,Connecticut,Delaware,Florida,Hawaii,Idaho,Illinois,Indiana,Iowa,Kansas,Kentucky,Louisiana,Maine,Maryland,Massachusetts,Michigan,Minnesota,Mississippi,Missouri,Montana,Nebraska,Nevada,New Hampshire,New Jersey,New Mexico,North Carolina,North Dakota,Ohio,Oklahoma,Oregon,Pennsylvania,Rhode Island,South Carolina,South Dakota,Tennessee,Texas,Utah,Vermont,Virginia,West Virginia,Wisconsin,Wyoming,
Toronto,Montreal,Vancouver,Quebec,Ontario,Alberta,British Columbia,
Manchester,Birmingham,Liverpool,Glasgow,Edinburgh,Belfast,Cardiff,Leeds,Bristol,Heathrow,
Hamburg,Munich,Frankfurt,Cologne,Stuttgart,Dusseldorf,Düsseldorf,Dresden,Leipzig,Bavaria,
Marseille,Lyon,Toulouse,Nice,Bordeaux,Strasbourg,Lille,Nantes,
Milan,Naples,Turin,Florence,Venice,Genoa,Sicily,Sardinia,
Barcelona,Valencia,Seville,Bilbao,Malaga,
Brussels,Antwerp,Rotterdam,Utrecht,Eindhoven,Ghent,Geneva,Zurich,Basel,Lausanne,Davos,Salzburg,Porto,
Krakow,Gdansk,Wroclaw,St. Petersburg,Saint Petersburg,Novosibirsk,Yekaterinburg,Vladivostok,Kaliningrad,Sochi,
Kharkiv,Odesa,Odessa,Lviv,Dnipro,Mariupol,Bakhmut,Avdiivka,Zaporizhzhia,Kherson,Donetsk,Luhansk,Sevastopol,
Istanbul,Izmir,Antalya,Tel Aviv,Haifa,Dubai,Mecca,Medina,Jeddah,Mosul,Basra,Aleppo,Idlib,Benghazi,Alexandria,
Shanghai,Shenzhen,Guangzhou,Wuhan,Chengdu,Hangzhou,Tianjin,Macau,Osaka,Kyoto,Yokohama,Hiroshima,Nagasaki,Okinawa,Busan,Incheon,
Mumbai,Bombay,Delhi,Bangalore,Bengaluru,Kolkata,Chennai,Hyderabad,Karachi,Lahore,
Sydney,Melbourne,Brisbane,Perth,Adelaide,Auckland,
Sao Paulo,São Paulo,Rio de Janeiro,Guadalajara,Monterrey,Tijuana,
Lagos,Johannesburg,Cape Town,Casablanca,
`

// stateAbbrevs are the AP abbreviations of US states: "Malibu, Calif.".
const stateAbbrevs = `Ala.:Alabama,Ariz.:Arizona,Ark.:Arkansas,Calif.:California,Colo.:Colorado,Conn.:Connecticut,Del.:Delaware,Fla.:Florida,Ga.:Georgia,Ill.:Illinois,Ind.:Indiana,Kan.:Kansas,Ky.:Kentucky,La.:Louisiana,Md.:Maryland,Mass.:Massachusetts,Mich.:Michigan,Minn.:Minnesota,Miss.:Mississippi,Mo.:Missouri,Mont.:Montana,Neb.:Nebraska,Nev.:Nevada,N.H.:New Hampshire,N.J.:New Jersey,N.M.:New Mexico,N.Y.:New York,N.C.:North Carolina,N.D.:North Dakota,Okla.:Oklahoma,Ore.:Oregon,Pa.:Pennsylvania,R.I.:Rhode Island,S.C.:South Carolina,S.D.:South Dakota,Tenn.:Tennessee,Tex.:Texas,Vt.:Vermont,Va.:Virginia,Wash.:Washington,W.Va.:West Virginia,Wis.:Wisconsin,Wyo.:Wyoming`

// orgTable: canonical | aliases (acronyms, short forms) | type (ORG or EVENT).
const orgTable = `
North Atlantic Treaty Organization|NATO,North Atlantic Treaty Organisation,N.A.T.O.,Atlantic Alliance|ORG
European Union|EU,E.U.|ORG
United Nations|UN,U.N.|ORG
UN Security Council|United Nations Security Council,U.N. Security Council,Security Council,UNSC|ORG
UN General Assembly|United Nations General Assembly,General Assembly|ORG
World Health Organization|WHO|ORG
International Monetary Fund|IMF|ORG
World Bank||ORG
World Trade Organization|WTO|ORG
Organization of the Petroleum Exporting Countries|OPEC|ORG
Association of Southeast Asian Nations|ASEAN|ORG
African Union|AU|ORG
Organization for Security and Co-operation in Europe|OSCE|ORG
Organisation for Economic Co-operation and Development|OECD|ORG
International Atomic Energy Agency|IAEA|ORG
International Criminal Court|ICC|ORG
International Court of Justice|ICJ|ORG
European Commission||ORG
European Parliament||ORG
European Council||ORG
European Central Bank|ECB|ORG
Council of Europe||ORG
Group of Seven|G7,G-7|ORG
Group of 20|G20,G-20|ORG
Interpol||ORG
Europol||ORG
UNICEF||ORG
UNESCO||ORG
International Committee of the Red Cross|ICRC,Red Cross|ORG
Amnesty International|Amnesty|ORG
Human Rights Watch|HRW|ORG
Greenpeace||ORG
World Economic Forum|WEF|ORG
Federal Bureau of Investigation|FBI,F.B.I.|ORG
Central Intelligence Agency|CIA,C.I.A.|ORG
National Security Agency|NSA|ORG
National Security Council|NSC|ORG
Department of Justice|Justice Department,DOJ|ORG
Department of State|State Department|ORG
Department of Defense|Defense Department,DoD|ORG
Department of Homeland Security|Homeland Security,DHS|ORG
Treasury Department|Department of the Treasury,US Treasury|ORG
Congress|U.S. Congress,US Congress|ORG
Senate|U.S. Senate,US Senate|ORG
House of Representatives|U.S. House,US House|ORG
Supreme Court|U.S. Supreme Court,US Supreme Court|ORG
Federal Reserve|Fed|ORG
Securities and Exchange Commission|SEC|ORG
Food and Drug Administration|FDA|ORG
Environmental Protection Agency|EPA|ORG
National Aeronautics and Space Administration|NASA|ORG
Government Accountability Office|GAO|ORG
United States Air Force|U.S. Air Force,US Air Force,USAF,Air Force|ORG
Royal Air Force|RAF|ORG
Democratic National Committee|DNC,D.N.C.|ORG
Republican National Committee|RNC,R.N.C.|ORG
Democratic Party|Democrats,Democrat,Democratic|ORG
Republican Party|Republicans,Republican,GOP,G.O.P.|ORG
Labour Party|Labour|ORG
Conservative Party|Conservatives,Tories,Tory|ORG
Hamas||ORG
Hezbollah||ORG
Taliban|the Taliban|ORG
Islamic State|ISIS,ISIL,Daesh|ORG
al-Qaeda|Al Qaeda,al Qaeda,Al-Qaeda|ORG
Houthis|Houthi|ORG
Wagner Group|Wagner|ORG
Korean Central News Agency|KCNA|ORG
Workers' Party of Korea|Workers' Party,Worker's Party of Korea|ORG
WikiLeaks|Wikileaks|ORG
Bloomberg|Bloomberg News,Bloomberg TV,Bloomberg Television|ORG
Reuters||ORG
Associated Press|AP,The Associated Press|ORG
Agence France-Presse|AFP,Agence France Presse|ORG
POLITICO|Politico,Politico Europe|ORG
BBC|British Broadcasting Corporation,BBC News|ORG
CNN||ORG
Fox News|Fox|ORG
NBC News|NBC|ORG
CBS News|CBS|ORG
ABC News|ABC|ORG
MSNBC||ORG
NPR|National Public Radio|ORG
The New York Times|New York Times,NYT|ORG
The Washington Post|Washington Post|ORG
The Wall Street Journal|Wall Street Journal,WSJ|ORG
Financial Times|FT|ORG
The Guardian|Guardian|ORG
The Economist|Economist|ORG
Al Jazeera||ORG
Axios||ORG
The Hill||ORG
Xinhua||ORG
TASS||ORG
RIA Novosti|RIA|ORG
Interfax||ORG
Yonhap|Yonhap News Agency|ORG
Kyodo|Kyodo News|ORG
Deutsche Welle|DW|ORG
Der Spiegel|Spiegel|ORG
Le Monde||ORG
Euronews||ORG
Sky News||ORG
The Telegraph|Telegraph|ORG
Daily Mail||ORG
USA Today||ORG
Los Angeles Times|LA Times|ORG
Breitbart||ORG
HuffPost|Huffington Post|ORG
Newsweek||ORG
Forbes||ORG
CNBC||ORG
Business Insider||ORG
European Pressphoto Agency|EPA Images|ORG
Apple|Apple Inc.,Apple Computer,Apple Computer Inc.|ORG
Google|Alphabet|ORG
Microsoft||ORG
Amazon||ORG
Meta|Meta Platforms,Facebook|ORG
Tesla||ORG
Boeing|Boeing Co.,The Boeing Company|ORG
Airbus||ORG
European Aeronautic Defence and Space Company|EADS,European Aeronautic Defence & Space Company,European Aeronautic Defense and Space Company|ORG
Lockheed Martin|Lockheed|ORG
Northrop Grumman|Northrop|ORG
Raytheon||ORG
General Motors|GM|ORG
General Electric|GE|ORG
Ford||ORG
Toyota||ORG
Volkswagen|VW|ORG
Samsung||ORG
Sony||ORG
Intel||ORG
IBM||ORG
Cisco|Cisco Systems|ORG
Oracle||ORG
Nvidia||ORG
Huawei||ORG
Alibaba||ORG
Tencent||ORG
Walmart|Wal-Mart|ORG
ExxonMobil|Exxon|ORG
Shell||ORG
BP||ORG
Gazprom||ORG
Rosneft||ORG
Goldman Sachs||ORG
JPMorgan|JPMorgan Chase|ORG
Morgan Stanley||ORG
Citigroup|Citi|ORG
HSBC||ORG
Deutsche Bank||ORG
Siemens||ORG
BMW||ORG
Mercedes-Benz|Mercedes|ORG
Ryanair||ORG
Lufthansa||ORG
Air France||ORG
British Airways||ORG
Emirates||ORG
Qantas||ORG
Aeroflot||ORG
Singapore Airlines|SIA|ORG
Aer Lingus||ORG
Twitter||ORG
OpenAI||ORG
Netflix||ORG
Disney||ORG
Pfizer||ORG
Moderna||ORG
AstraZeneca||ORG
Nokia||ORG
Ericsson||ORG
Spotify||ORG
Uber||ORG
SpaceX||ORG
Chrysler|Fiat Chrysler|ORG
Honda||ORG
Nissan||ORG
Renault||ORG
Peugeot|PSA|ORG
Hyundai||ORG
Kia||ORG
Daimler|Daimler AG,DaimlerChrysler|ORG
Volvo||ORG
Fiat||ORG
Stellantis||ORG
Porsche||ORG
Audi||ORG
General Dynamics||ORG
BAE Systems|BAE|ORG
Rolls-Royce||ORG
Embraer||ORG
Bombardier||ORG
Dassault||ORG
Thales||ORG
Safran||ORG
Rheinmetall||ORG
Delta Air Lines||ORG
American Airlines||ORG
United Airlines||ORG
Southwest Airlines||ORG
KLM|Air France-KLM|ORG
easyJet||ORG
Cathay Pacific||ORG
Turkish Airlines||ORG
Qatar Airways||ORG
Etihad||ORG
Costco||ORG
Home Depot||ORG
Kroger||ORG
Carrefour||ORG
Tesco||ORG
IKEA||ORG
Nestle|Nestlé|ORG
Unilever||ORG
Procter & Gamble|P&G|ORG
Coca-Cola|Coke|ORG
PepsiCo|Pepsi|ORG
McDonald's||ORG
Starbucks||ORG
Nike||ORG
Adidas||ORG
Johnson & Johnson||ORG
Merck||ORG
Novartis||ORG
Roche||ORG
Sanofi||ORG
GlaxoSmithKline|GSK|ORG
Bayer||ORG
BASF||ORG
Boston Dynamics||ORG
Dell||ORG
HP|Hewlett-Packard|ORG
Qualcomm||ORG
AMD|Advanced Micro Devices|ORG
Texas Instruments||ORG
Micron||ORG
TSMC|Taiwan Semiconductor Manufacturing Company|ORG
SAP||ORG
Salesforce||ORG
Adobe||ORG
PayPal||ORG
Visa||ORG
Mastercard||ORG
American Express||ORG
Bank of America||ORG
Wells Fargo||ORG
Barclays||ORG
UBS||ORG
Credit Suisse||ORG
BNP Paribas||ORG
Societe Generale|Société Générale|ORG
Santander||ORG
BlackRock||ORG
Berkshire Hathaway||ORG
Lehman Brothers|Lehman|ORG
Bear Stearns||ORG
Merrill Lynch||ORG
AIG|American International Group|ORG
Fannie Mae||ORG
Freddie Mac||ORG
Chevron||ORG
ConocoPhillips||ORG
TotalEnergies||ORG
Saudi Aramco|Aramco|ORG
Petrobras||ORG
Eni||ORG
Equinor|Statoil|ORG
AT&T||ORG
Verizon||ORG
Vodafone||ORG
Deutsche Telekom||ORG
Comcast||ORG
Time Warner||ORG
Warner Bros.|Warner Bros,Warner Brothers|ORG
Paramount Pictures||ORG
News Corp|News Corporation|ORG
Yahoo||ORG
eBay||ORG
Baidu||ORG
ByteDance||ORG
TikTok||ORG
Xiaomi||ORG
Lenovo||ORG
LG||ORG
Panasonic||ORG
Toshiba||ORG
Hitachi||ORG
Nintendo||ORG
Canon||ORG
Philips||ORG
ArcelorMittal||ORG
Rio Tinto||ORG
BHP||ORG
Glencore||ORG
FedEx||ORG
UPS||ORG
DHL||ORG
Maersk||ORG
Airbnb||ORG
Lyft||ORG
Dow Jones Industrial Average|Dow Jones|ORG
Nasdaq|NASDAQ,Nasdaq Composite|ORG
S&P 500|Standard & Poor's 500,S&P|ORG
Standard & Poor's|Standard and Poor's|ORG
Moody's||ORG
Fitch||ORG
New York Stock Exchange|NYSE|ORG
London Stock Exchange|LSE|ORG
FTSE 100|FTSE|ORG
Nikkei|Nikkei 225|ORG
DAX||ORG
Hang Seng||ORG
Wall Street||ORG
Olympic Games|Olympics,Summer Olympics,Winter Olympics|EVENT
World Cup|FIFA World Cup|EVENT
Eurovision|Eurovision Song Contest|EVENT
World War II|Second World War,WWII|EVENT
World War I|First World War,WWI|EVENT
Cold War||EVENT
Korean War||EVENT
Vietnam War||EVENT
`

// honorifics are stripped from a name and kept in the role. Courtesy titles
// (Mr, Mrs, Ms) are dropped from the role as they say nothing about it.
var courtesy = set("mr", "mr.", "mrs", "mrs.", "ms", "ms.", "miss", "mx", "mx.", "messrs", "messrs.", "m.", "mme", "mme.")

var honorifics = set(
	"dr", "dr.", "prof", "prof.", "professor", "sir", "dame", "lord", "lady", "gen", "gen.", "general",
	"lt", "lt.", "lieut", "col", "col.", "colonel", "maj", "maj.", "major", "capt", "capt.", "captain",
	"adm", "adm.", "admiral", "sgt", "sgt.", "sergeant", "cpl", "cpl.", "sen", "sen.", "senator", "rep", "rep.",
	"representative", "gov", "gov.", "governor", "rev", "rev.", "reverend", "judge", "justice", "hon", "hon.",
	"mayor", "sheikh", "prince", "princess", "king", "queen", "pope", "cardinal", "archbishop", "bishop",
	"rabbi", "imam", "ayatollah", "emir", "marshal", "cmdr", "cmdr.", "commander", "pres", "pres.", "president",
	"chancellor", "premier", "pm", "minister", "ambassador", "secretary", "director", "chairman", "chairwoman",
	"chair", "chief", "commissioner", "speaker", "leader", "lieutenant", "sheik", "crown", "vice", "deputy",
	"former", "president-elect", "ceo", "cfo", "coo", "founder", "co-founder", "spokesman", "spokeswoman",
	"spokesperson", "attorney", "counsel", "prosecutor", "officer", "executive", "envoy", "st.", "saint",
)

// roleNouns head a role phrase ("defense chief", "foreign minister").
var roleNouns = set(
	"president", "vice-president", "president-elect", "prime", "minister", "premier", "chancellor", "secretary",
	"secretary-general", "ambassador", "envoy", "chief", "head", "leader", "director", "chairman", "chairwoman",
	"chair", "chairperson", "ceo", "cfo", "coo", "cto", "c.e.o.", "c.e.o", "founder", "co-founder", "executive", "spokesman",
	"spokeswoman", "spokesperson", "official", "adviser", "advisor", "analyst", "general", "admiral", "commander",
	"governor", "senator", "congressman", "congresswoman", "representative", "lawmaker", "legislator", "mayor",
	"king", "queen", "prince", "princess", "emperor", "dictator", "politician", "diplomat", "lawyer", "attorney",
	"judge", "justice", "prosecutor", "counsel", "candidate", "nominee", "boss", "strongman", "monarch", "pope",
	"cardinal", "archbishop", "bishop", "professor", "economist", "researcher", "scientist", "journalist",
	"reporter", "editor", "correspondent", "columnist", "author", "writer", "actor", "actress", "singer",
	"player", "coach", "manager", "deputy", "speaker", "whip", "mp", "mep", "commissioner", "officer", "colonel",
	"captain", "lieutenant", "sergeant", "marshal", "sheikh", "emir", "ayatollah", "rabbi", "imam", "pastor",
	"owner", "investor", "billionaire", "businessman", "businesswoman", "tycoon", "activist", "aide",
	"staff", "negotiator", "mediator", "representative", "delegate", "consul", "attaché", "commissar",
	"defender", "striker", "goalkeeper", "midfielder", "designer", "engineer", "banker", "trader", "strategist",
	"pollster", "historian", "expert", "specialist", "physician", "doctor", "surgeon", "nurse", "student",
	"president's", "premier's", "chief's", "founder's", "boss's",
	"wife", "husband", "son", "daughter", "father", "mother", "brother", "sister", "widow", "spouse", "lady",
	"son-in-law", "daughter-in-law", "councilman", "councilwoman", "councillor", "councilor", "alderman",
	"sheriff", "trooper", "detective", "inspector", "constable", "superintendent", "coroner", "warden",
)

// roleModifiers may stand between a role's start and its head noun.
var roleModifiers = set(
	"former", "outgoing", "incoming", "current", "then", "late", "acting", "interim", "deputy", "vice", "assistant",
	"senior", "top", "chief", "prime", "foreign", "defense", "defence", "finance", "interior", "home", "justice",
	"health", "trade", "economy", "economic", "education", "energy", "transport", "environment", "agriculture",
	"labor", "labour", "national", "security", "intelligence", "military", "political", "far-right", "far-left",
	"right-wing", "left-wing", "conservative", "liberal", "centrist", "populist", "socialist", "opposition",
	"ruling", "presidential", "supreme", "executive", "managing", "founding", "longtime", "veteran", "new", "next",
	"previous", "first", "lead", "special", "state", "federal", "regional", "local", "party", "army", "navy",
	"air", "force", "staff", "general", "attorney", "associate", "principal", "operating", "financial",
	"technology", "technical", "commercial", "research", "program", "communications", "press", "media",
	"campaign", "election", "policy", "affairs", "development", "european", "international", "world", "global",
	"democratic", "republican", "defence-", "aerospace", "airline", "company", "group", "team", "club", "sports",
	"business", "government", "cabinet", "white", "house", "senate", "congressional", "parliamentary", "majority",
	"minority", "house's", "former,", "twice", "two-time", "three-time", "retired", "ex", "ex-", "disgraced",
	"embattled", "beleaguered", "powerful", "influential", "prominent", "veteran", "seasoned", "well-known",
	"famous", "controversial", "hardline", "hard-line", "moderate", "reformist", "radical", "nationalist",
)

// orgHeads end organisation names ("... Committee", "... Airlines").
var orgHeads = set(
	"inc", "inc.", "corp", "corp.", "corporation", "co", "co.", "company", "ltd", "ltd.", "plc", "llc", "ag", "gmbh",
	"sa", "nv", "n.v.", "group", "holdings", "partners", "associates", "bank", "fund", "trust", "airlines",
	"airways", "air", "motors", "systems", "technologies", "industries", "enterprises", "organization",
	"organisation", "association", "committee", "commission", "council", "party", "union", "federation",
	"league", "agency", "authority", "administration", "department", "ministry", "office", "bureau", "service",
	"services", "institute", "institution", "foundation", "university", "college", "school", "academy",
	"society", "club", "alliance", "coalition", "front", "movement", "army", "navy", "force", "forces", "guard",
	"police", "court", "tribunal", "parliament", "assembly", "congress", "senate", "cabinet", "board",
	"network", "news", "times", "post", "journal", "herald", "tribune", "gazette", "press", "media", "tv",
	"television", "radio", "channel", "broadcasting", "publishing", "magazine", "daily", "weekly", "review",
	"labs", "laboratory", "laboratories", "center", "centre", "hospital", "clinic", "museum", "church",
	"brigade", "battalion", "regiment", "division", "command", "corps", "team", "fc", "united", "records",
	"studios", "pictures", "entertainment", "energy", "oil", "gas", "petroleum", "pharmaceuticals", "electric",
	"telecom", "communications", "mobile", "software", "aerospace", "defence", "defense", "capital",
	"investments", "securities", "exchange", "insurance", "consortium", "program", "programme", "project",
	"initiative", "caucus", "secretariat", "directorate", "inspectorate", "watch", "international",
	"cooperation", "partnership", "pact", "fellowship", "brotherhood", "aircraft", "aviation",
	"devices", "instruments", "networks", "dynamics", "solutions", "products", "brands", "foods", "resources",
	"materials", "semiconductors", "electronics", "therapeutics", "biosciences", "railways", "stores",
	"hotels", "resorts", "logistics", "microsystems", "computer", "computers", "motor",
	"shipping", "lines", "freight", "shipyard", "shipyards", "cooperative", "co-operative", "transport",
	"construction", "steel", "mining", "chemicals",
)

// mediaSuffixes name a channel of an outlet: "Bloomberg TV" is Bloomberg.
var mediaSuffixes = set("tv", "television", "radio", "news", "online", "europe", "digital")

// eventHeads end event names ("... Security Conference", "... Summit").
var eventHeads = set(
	"conference", "summit", "forum", "games", "olympics", "cup", "championship", "championships", "festival",
	"expo", "exhibition", "fair", "war", "revolution", "election", "elections", "referendum", "congress",
	"convention", "dialogue", "talks", "symposium", "marathon", "open", "grand prix", "tournament", "show",
	"awards", "week", "meeting", "assembly", "crisis", "massacre", "uprising", "protests", "accords", "treaty",
)

// locHeads end names of places that are not states ("... Airport").
var locHeads = set(
	"airport", "river", "lake", "sea", "ocean", "bay", "gulf", "strait", "island", "islands", "mountain",
	"mountains", "mount", "valley", "desert", "peninsula", "coast", "street", "avenue", "road", "square",
	"bridge", "port", "harbor", "harbour", "canal", "park", "province", "county", "district", "region",
	"state", "city", "village", "oblast", "prefecture", "base", "station", "terminal", "plaza", "palace",
	"building", "tower", "stadium", "arena", "hall", "ave", "ave.", "blvd", "blvd.", "rd", "rd.", "heights",
	"beach", "springs", "falls", "hills", "county", "borough", "township", "neighborhood",
)

// givenNames are common first names across languages; a capitalised pair
// that starts with one is a person.
const givenNames = `aaron abdul abdullah abe abraham adam adrian ahmed ahmad aisha alan albert alberto alejandro alex alexander alexandra alexei alexey ali alice alicia alison amanda amy ana anastasia andrea andreas andrei andrej andrew andrzej angela angelina ann anna anne annalena anthony antonio antony ariel arnold arthur ashley barack barbara ben benjamin benny bernard bernie beth betty bill bob boris brad bradley brian bruce bryan carl carlos carol caroline catherine charles charlie chris christian christina christine christopher chuck claire claudia colin connor craig cynthia dan dana daniel daniela danny dario david dean debbie deborah denis dennis derek diana diane dick dmitry dmitri dominic don donald donna doug douglas duncan ed eddie edward elena elizabeth ellen emily emma emmanuel enrique eric erik ernest eva evan fabio felix fernando frank franz frederick friedrich gabriel gary george georg gerald gerhard gina giorgia giuseppe gordon grace greg gregory guido gustavo hans harold harry hassan heather heinz helen henry hillary howard hugh hugo ian igor ilham ilya imran ingrid irina isaac ivan jack jacob jacques jaime james jamie jan jane janet jared jason javier jay jean jeff jeffrey jennifer jens jeremy jerome jerry jessica jill jim jimmy joan joanna joe joel johan johann johannes john johnny jon jonathan jorge jose josé joseph josh joshua juan judith julia julian julie justin kamala karen karl kate katherine kathleen kathy keith kelly ken kenneth kevin kim kristen kurt lance larry laura lauren lawrence lee leo leon leonard linda lindsey lisa liz lloyd loretta louis lucas luis luke lynn manuel marc marco marcus margaret maria marie marine mario mark marta martin mary matt matteo matthew maurice max maxim michael michel michelle miguel mike mikhail mohammed mohammad muhammad nancy naomi natalia natalie nathan neil nicholas nick nicola nicolas nikki nikolai noah noel norman olaf oleg olga oliver olivier omar oscar otto pablo pamela patricia patrick paul paula pedro peter petr philip philippe pierre rachel rafael ralph ramon randy ray raymond rebecca recep rex richard rick rishi rob robert roberto robin rod roger roland ron ronald rosa ross roy ruth ryan sam samantha samuel sandra sara sarah scott sean sebastian sergei sergey sarah shinzo simon sophie stanley stefan stephen steve steven stuart susan suzanne sven tanya ted teresa terry theresa thomas tim timothy tina todd tom tommy tony tracy trey ursula valentina valerie vanessa victor victoria viktor vincent vladimir volodymyr walter wayne wendy william willie wolfgang xavier yuri yvonne zach zoe olaf emmanuel xi narendra benjamin jair luiz ignazio pedro mette jonas jacinda justin theresa gordon tony rishi liz keir ursula charles josep mateusz donald andrzej viktor recep ilham nikol sauli alexander sanna petteri magdalena ulf erna jonas kyriakos giorgia pedro antonio mario emmanuel`

func set(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// gazEntry is what a folded surface form means.
type gazEntry struct {
	canonical string
	typ       string // PERSON, ORG, GPE, LOC, EVENT
	demonym   bool   // "Dutch": an adjective or people-noun for the place
	seat      bool   // "Washington", "the Kremlin": a seat of government used for the state
	acronym   bool   // written in capitals ("UN", "AP"): only matches capitals, not "Un" or "Ap"
}

// gazetteer maps folded surface forms (tokens joined by one space) to entries.
type gazetteer struct {
	m      map[string]gazEntry
	maxLen int // longest entry in tokens
	given  map[string]bool
}

var gaz = buildGazetteer()

func buildGazetteer() *gazetteer {
	g := &gazetteer{m: map[string]gazEntry{}, given: map[string]bool{}}
	add := func(surface string, e gazEntry) {
		surface = strings.TrimSpace(surface)
		if surface == "" {
			return
		}
		k := gazKey(surface)
		e.acronym = isCaps(surface) && !strings.Contains(surface, " ")
		if old, ok := g.m[k]; ok && old.acronym && !e.acronym {
			old.acronym = false // "POLITICO" is also written "Politico"
			g.m[k] = old
		}
		if _, ok := g.m[k]; ok && !e.demonym && !e.seat {
			// the first (more specific) entry wins; countries come first
			return
		}
		if old, ok := g.m[k]; ok && (old.typ != "" && !old.demonym && !old.seat) {
			return
		}
		g.m[k] = e
		if n := len(strings.Fields(k)); n > g.maxLen {
			g.maxLen = n
		}
	}
	for _, line := range strings.Split(countryTable, "\n") {
		f := strings.Split(line, "|")
		if len(f) < 4 {
			continue
		}
		c := f[0]
		add(c, gazEntry{canonical: c, typ: "GPE"})
		for _, a := range splitList(f[1]) {
			add(a, gazEntry{canonical: c, typ: "GPE"})
		}
		for _, d := range splitList(f[2]) {
			add(d, gazEntry{canonical: c, typ: "GPE", demonym: true})
		}
		for _, s := range splitList(f[3]) {
			add(s, gazEntry{canonical: c, typ: "GPE", seat: true})
		}
	}
	for _, line := range strings.Split(regionTable, "\n") {
		f := strings.Split(line, "|")
		if len(f) < 3 {
			continue
		}
		c := f[0]
		add(c, gazEntry{canonical: c, typ: "LOC"})
		for _, a := range splitList(f[1]) {
			add(a, gazEntry{canonical: c, typ: "LOC"})
		}
		for _, d := range splitList(f[2]) {
			add(d, gazEntry{canonical: c, typ: "LOC", demonym: true})
		}
	}
	for _, c := range splitList(strings.ReplaceAll(cityTable, "\n", "")) {
		add(c, gazEntry{canonical: c, typ: "GPE"})
	}
	for _, pair := range strings.Split(stateAbbrevs, ",") {
		a, full, _ := strings.Cut(pair, ":")
		add(a, gazEntry{canonical: full, typ: GPE})
	}
	for _, line := range strings.Split(orgTable, "\n") {
		f := strings.Split(line, "|")
		if len(f) < 3 {
			continue
		}
		c, typ := f[0], f[2]
		add(c, gazEntry{canonical: c, typ: typ})
		for _, a := range splitList(f[1]) {
			add(a, gazEntry{canonical: c, typ: typ})
		}
	}
	for _, w := range strings.Fields(givenNames) {
		g.given[w] = true
	}
	return g
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// gazKey folds a surface form for gazetteer lookup: ASCII, lower case,
// curly apostrophes made straight, one space between tokens.
func gazKey(s string) string {
	if isSimpleASCII(s) {
		return strings.ToLower(s)
	}
	s = strings.ReplaceAll(s, "’", "'")
	return strings.Join(strings.Fields(text.Fold(s)), " ")
}

// isSimpleASCII reports whether s is ASCII with single spaces between
// words, the common case that needs no folding.
func isSimpleASCII(s string) bool {
	prevSpace := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x80 || c < ' ' {
			return false
		}
		if c == ' ' {
			if prevSpace {
				return false
			}
			prevSpace = true
			continue
		}
		prevSpace = false
	}
	return !prevSpace || s == ""
}

// lookup returns the gazetteer entry of a surface form.
func (g *gazetteer) lookup(s string) (gazEntry, bool) {
	e, ok := g.m[gazKey(s)]
	if ok && e.acronym && !isCaps(s) {
		return gazEntry{}, false
	}
	return e, ok
}

// PlaceOf returns the canonical place a surface form names or implies:
// "Dutch" -> "Netherlands", "U.S." -> "United States", "the Kremlin" ->
// "Russia". It returns "" for anything that is not a known place.
func PlaceOf(s string) string {
	e, ok := gaz.lookup(s)
	if !ok || (e.typ != "GPE" && e.typ != "LOC") {
		return ""
	}
	return e.canonical
}

// Canonical returns the canonical name and type of a known entity name
// ("NATO" -> "North Atlantic Treaty Organization", "ORG"), or ok=false.
func Canonical(s string) (name, typ string, ok bool) {
	e, ok := gaz.lookup(s)
	if !ok {
		return "", "", false
	}
	return e.canonical, e.typ, true
}
