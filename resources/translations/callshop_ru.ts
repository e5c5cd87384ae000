<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ru_RU" sourcelanguage="en_US">
  <context>
    <name>App</name>
    <message>
      <source>%1 — demo</source>
      <translation>%1 — демо</translation>
    </message>
    <message>
      <source>No printer</source>
      <translation>Принтер не настроен</translation>
    </message>
    <message>
      <source>Checking printer</source>
      <translation>Проверка принтера</translation>
    </message>
    <message>
      <source>Printer ready</source>
      <translation>Принтер готов</translation>
    </message>
    <message>
      <source>Printer stopped</source>
      <translation>Принтер остановлен</translation>
    </message>
    <message>
      <source>Printer not connected</source>
      <translation>Принтер не подключён</translation>
    </message>
    <message>
      <source>Printer offline</source>
      <translation>Принтер не в сети</translation>
    </message>
    <message>
      <source>Printer not accepting data</source>
      <translation>Принтер не принимает данные</translation>
    </message>
    <message>
      <source>Print queue error</source>
      <translation>Ошибка очереди печати</translation>
    </message>
    <message>
      <source>No PBX configured</source>
      <translation>АТС не настроена</translation>
    </message>
    <message>
      <source>Callshop POS</source>
      <translation>Переговорный пункт</translation>
    </message>
    <message>
      <source>The counter cannot start: %1</source>
      <translation>Касса не может запуститься: %1</translation>
    </message>
  </context>
  <context>
    <name>BoothActions</name>
    <message>
      <source>Could not start the booth</source>
      <translation>Не удалось запустить кабину</translation>
    </message>
    <message>
      <source>Could not read the session</source>
      <translation>Не удалось прочитать сеанс</translation>
    </message>
    <message>
      <source>Could not top up</source>
      <translation>Не удалось пополнить</translation>
    </message>
    <message>
      <source>Could not add the item</source>
      <translation>Не удалось добавить товар</translation>
    </message>
    <message>
      <source>Could not stop the booth</source>
      <translation>Не удалось остановить кабину</translation>
    </message>
  </context>
  <context>
    <name>BoothTile</name>
    <message>
      <source>Free</source>
      <translation>Свободна</translation>
    </message>
    <message>
      <source>Ringing</source>
      <translation>Вызов</translation>
    </message>
    <message>
      <source>In call</source>
      <translation>Разговор</translation>
    </message>
    <message>
      <source>Out of order</source>
      <translation>Не работает</translation>
    </message>
    <message>
      <source>Phone unregistered</source>
      <translation>Телефон не в сети</translation>
    </message>
    <message>
      <source>PBX offline</source>
      <translation>АТС недоступна</translation>
    </message>
    <message>
      <source>Session</source>
      <translation>Сеанс</translation>
    </message>
    <message>
      <source>Left</source>
      <translation>Остаток</translation>
    </message>
    <message>
      <source>talk %1</source>
      <translation>ещё %1</translation>
    </message>
    <message>
      <source>checking rate…</source>
      <translation>поиск тарифа…</translation>
    </message>
    <message>
      <source>Start</source>
      <translation>Старт</translation>
    </message>
    <message>
      <source>Stop</source>
      <translation>Стоп</translation>
    </message>
    <message>
      <source>Postpaid</source>
      <translation>Постоплата</translation>
    </message>
    <message>
      <source>Top-up</source>
      <translation>Пополнить</translation>
    </message>
    <message>
      <source>+ Item</source>
      <translation>+ Товар</translation>
    </message>
    <message>
      <source>dialing %1</source>
      <translation>набор %1</translation>
    </message>
    <message>
      <source>Locked</source>
      <translation>Заблокирована</translation>
    </message>
    <message>
      <source>Prepaid</source>
      <translation>Предоплата</translation>
    </message>
    <message>
      <source>No calls until Start</source>
      <translation>Звонки закрыты до «Старт»</translation>
    </message>
    <message>
      <source>Cannot be started</source>
      <translation>Запуск невозможен</translation>
    </message>
    <message>
      <source>Refused %1</source>
      <translation>Отказ: %1</translation>
    </message>
    <message>
      <source>Low balance · %1</source>
      <translation>Мало денег · %1</translation>
    </message>
  </context>
  <context>
    <name>CallsDialog</name>
    <message>
      <source>Calls</source>
      <translation>Звонки</translation>
    </message>
    <message>
      <source>All booths</source>
      <translation>Все кабины</translation>
    </message>
    <message>
      <source>Refresh</source>
      <translation>Обновить</translation>
    </message>
    <message>
      <source>Day</source>
      <translation>День</translation>
    </message>
    <message>
      <source>Booth</source>
      <translation>Кабина</translation>
    </message>
    <message>
      <source>Loading…</source>
      <translation>Загрузка…</translation>
    </message>
    <message numerus="yes">
      <source>%n call(s)</source>
      <translation>
        <numerusform>%n звонок</numerusform>
        <numerusform>%n звонка</numerusform>
        <numerusform>%n звонков</numerusform>
      </translation>
    </message>
    <message>
      <source>Day: %1 calls, %2 answered, %3 talk, revenue %4</source>
      <translation>За день: звонков %1, отвечено %2, разговор %3, выручка %4</translation>
    </message>
    <message>
      <source>Session report (PDF)</source>
      <translation>Отчёт по сеансу (PDF)</translation>
    </message>
    <message>
      <source>Invoice (PDF)</source>
      <translation>Счёт (PDF)</translation>
    </message>
    <message>
      <source>Making the PDF…</source>
      <translation>Готовим PDF…</translation>
    </message>
    <message>
      <source>No PDF: %1</source>
      <translation>PDF не создан: %1</translation>
    </message>
  </context>
  <context>
    <name>CallsTableModel</name>
    <message>
      <source>Time</source>
      <translation>Время</translation>
    </message>
    <message>
      <source>Booth</source>
      <translation>Кабина</translation>
    </message>
    <message>
      <source>Number</source>
      <translation>Номер</translation>
    </message>
    <message>
      <source>Destination</source>
      <translation>Направление</translation>
    </message>
    <message>
      <source>Duration</source>
      <translation>Длительность</translation>
    </message>
    <message>
      <source>Status</source>
      <translation>Статус</translation>
    </message>
    <message>
      <source>Cost</source>
      <translation>Стоимость</translation>
    </message>
    <message>
      <source>answered</source>
      <translation>отвечен</translation>
    </message>
    <message>
      <source>no answer</source>
      <translation>нет ответа</translation>
    </message>
    <message>
      <source>busy</source>
      <translation>занято</translation>
    </message>
    <message>
      <source>failed</source>
      <translation>не прошёл</translation>
    </message>
    <message>
      <source>refused</source>
      <translation>отклонён</translation>
    </message>
    <message>
      <source>%1: %2</source>
      <translation>%1: %2</translation>
    </message>
  </context>
  <context>
    <name>DailyReportDialog</name>
    <message>
      <source>Daily report</source>
      <translation>Отчёт за день</translation>
    </message>
    <message>
      <source>Day</source>
      <translation>День</translation>
    </message>
    <message>
      <source>Make PDF</source>
      <translation>Создать PDF</translation>
    </message>
    <message>
      <source>Making the PDF…</source>
      <translation>Готовим PDF…</translation>
    </message>
    <message>
      <source>No PDF: %1</source>
      <translation>PDF не создан: %1</translation>
    </message>
  </context>
  <context>
    <name>Dialogs</name>
    <message>
      <source>Database unreachable — try again in a moment</source>
      <translation>База данных недоступна — повторите чуть позже</translation>
    </message>
    <message>
      <source>Unexpected error: %1</source>
      <translation>Непредвиденная ошибка: %1</translation>
    </message>
    <message>
      <source>PDF</source>
      <translation>PDF</translation>
    </message>
    <message>
      <source>No PDF viewer could be opened. The file is %1</source>
      <translation>Не удалось открыть программу просмотра PDF. Файл: %1</translation>
    </message>
  </context>
  <context>
    <name>ExtraDialog</name>
    <message>
      <source>Add item to %1</source>
      <translation>Товар или услуга: %1</translation>
    </message>
    <message>
      <source>&amp;Item</source>
      <translation>&amp;Наименование</translation>
    </message>
    <message>
      <source>Unit &amp;price (%1)</source>
      <translation>&amp;Цена за единицу (%1)</translation>
    </message>
    <message>
      <source>&amp;Quantity</source>
      <translation>&amp;Количество</translation>
    </message>
    <message>
      <source>Add</source>
      <translation>Добавить</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>Отмена</translation>
    </message>
    <message>
      <source>Describe the item.</source>
      <translation>Укажите наименование.</translation>
    </message>
  </context>
  <context>
    <name>MainWindow</name>
    <message>
      <source>Lock screen</source>
      <translation>Заблокировать экран</translation>
    </message>
    <message>
      <source>Owner: %1</source>
      <translation>Владелец: %1</translation>
    </message>
    <message>
      <source>Switch user…</source>
      <translation>Сменить пользователя…</translation>
    </message>
    <message>
      <source>Callshop POS — %1</source>
      <translation>Переговорный пункт — %1</translation>
    </message>
    <message>
      <source>Actions</source>
      <translation>Действия</translation>
    </message>
    <message>
      <source>Start</source>
      <translation>Старт</translation>
    </message>
    <message>
      <source>Postpaid</source>
      <translation>Постоплата</translation>
    </message>
    <message>
      <source>Stop</source>
      <translation>Стоп</translation>
    </message>
    <message>
      <source>Top-up</source>
      <translation>Пополнить</translation>
    </message>
    <message>
      <source>Add item</source>
      <translation>Товар</translation>
    </message>
    <message>
      <source>Price check</source>
      <translation>Узнать цену</translation>
    </message>
    <message>
      <source>Today's calls</source>
      <translation>Звонки за день</translation>
    </message>
    <message>
      <source>Select booth %1</source>
      <translation>Выбрать кабину %1</translation>
    </message>
    <message>
      <source>This booth is running: press X to stop it.</source>
      <translation>Кабина занята: нажмите X, чтобы остановить её.</translation>
    </message>
    <message>
      <source>&amp;Shop</source>
      <translation>&amp;Магазин</translation>
    </message>
    <message>
      <source>Printer settings…</source>
      <translation>Настройки принтера…</translation>
    </message>
    <message>
      <source>Print queue…</source>
      <translation>Очередь печати…</translation>
    </message>
    <message>
      <source>Daily report (PDF)…</source>
      <translation>Отчёт за день (PDF)…</translation>
    </message>
    <message>
      <source>Open log folder</source>
      <translation>Открыть папку журнала</translation>
    </message>
    <message>
      <source>Language</source>
      <translation>Язык</translation>
    </message>
    <message>
      <source>Quit</source>
      <translation>Выход</translation>
    </message>
    <message>
      <source>No print service: receipts are not printed.</source>
      <translation>Печать не настроена: чеки не печатаются.</translation>
    </message>
    <message>
      <source>Receipt printer</source>
      <translation>Чековый принтер</translation>
    </message>
    <message>
      <source>The language is saved. It applies the next time the counter starts.</source>
      <translation>Язык сохранён. Он будет применён при следующем запуске кассы.</translation>
    </message>
  </context>
  <context>
    <name>MoneyInput</name>
    <message>
      <source>Enter an amount.</source>
      <translation>Введите сумму.</translation>
    </message>
    <message>
      <source>The amount cannot be negative.</source>
      <translation>Сумма не может быть отрицательной.</translation>
    </message>
    <message>
      <source>The amount must be more than zero.</source>
      <translation>Сумма должна быть больше нуля.</translation>
    </message>
    <message>
      <source>Use at most %1 decimal places.</source>
      <translation>Не больше %1 знаков после запятой.</translation>
    </message>
    <message>
      <source>Not an amount: use digits and one decimal point, e.g. 12.50.</source>
      <translation>Это не сумма: введите цифры и один десятичный разделитель, например 12,50.</translation>
    </message>
  </context>
  <context>
    <name>PriceCheckDialog</name>
    <message>
      <source>Price check</source>
      <translation>Узнать цену</translation>
    </message>
    <message>
      <source>Number, e.g. 0049301234567</source>
      <translation>Номер, например 0049301234567</translation>
    </message>
    <message>
      <source>optional</source>
      <translation>необязательно</translation>
    </message>
    <message>
      <source>&amp;Number</source>
      <translation>&amp;Номер</translation>
    </message>
    <message>
      <source>&amp;Amount (%1)</source>
      <translation>&amp;Сумма (%1)</translation>
    </message>
    <message>
      <source>Destination</source>
      <translation>Направление</translation>
    </message>
    <message>
      <source>Price</source>
      <translation>Цена</translation>
    </message>
    <message>
      <source>Buys</source>
      <translation>Хватит на</translation>
    </message>
    <message>
      <source>Calls to this destination are not allowed</source>
      <translation>Звонки на это направление запрещены</translation>
    </message>
    <message>
      <source>No price for this number</source>
      <translation>Нет тарифа для этого номера</translation>
    </message>
    <message>
      <source>%1 per minute</source>
      <translation>%1 в минуту</translation>
    </message>
    <message>
      <source>, then %1</source>
      <translation>, далее %1</translation>
    </message>
    <message>
      <source>unlimited</source>
      <translation>без ограничения</translation>
    </message>
    <message>
      <source>%1 for %2</source>
      <translation>%1 на %2</translation>
    </message>
    <message>
      <source>Number or destination, e.g. 0049301234567 or Cuba</source>
      <translation>Номер или направление, например 0049301234567 или Куба</translation>
    </message>
    <message>
      <source>&amp;Number or destination</source>
      <translation>&amp;Номер или направление</translation>
    </message>
    <message>
      <source>Price per minute</source>
      <translation>Цена за минуту</translation>
    </message>
    <message>
      <source>Prefix</source>
      <translation>Префикс</translation>
    </message>
    <message>
      <source>Billing</source>
      <translation>Тарификация</translation>
    </message>
    <message>
      <source>Charges</source>
      <translation>Сборы</translation>
    </message>
    <message>
      <source>1 minute</source>
      <translation>1 минута</translation>
    </message>
    <message>
      <source>%1, everything included</source>
      <translation>%1 со всеми сборами</translation>
    </message>
    <message>
      <source>%1 for %2: the longest call the shop allows</source>
      <translation>%1 на %2: самый долгий звонок, разрешённый в салоне</translation>
    </message>
    <message>
      <source>per %1 s</source>
      <translation>по %1 с</translation>
    </message>
    <message>
      <source>first %1 s, then per %2 s</source>
      <translation>первые %1 с, далее по %2 с</translation>
    </message>
    <message>
      <source>Connection fee %1</source>
      <translation>Плата за соединение %1</translation>
    </message>
    <message>
      <source>No connection fee</source>
      <translation>Без платы за соединение</translation>
    </message>
    <message>
      <source>First %1 s of every call free</source>
      <translation>Первые %1 с каждого звонка бесплатно</translation>
    </message>
    <message>
      <source>Calls up to %1 s are free</source>
      <translation>Звонки до %1 с бесплатны</translation>
    </message>
    <message>
      <source>Surcharge +%1 %</source>
      <translation>Надбавка +%1 %</translation>
    </message>
    <message>
      <source>No destination matches %1</source>
      <translation>Нет направления «%1»</translation>
    </message>
    <message>
      <source>%1 destinations</source>
      <translation>Направлений: %1</translation>
    </message>
    <message>
      <source>%1 more: type more of the name</source>
      <translation>Ещё %1: уточните название</translation>
    </message>
    <message>
      <source>not allowed</source>
      <translation>запрещено</translation>
    </message>
  </context>
  <context>
    <name>PrintQueueDialog</name>
    <message>
      <source>Print queue</source>
      <translation>Очередь печати</translation>
    </message>
    <message>
      <source>Time</source>
      <translation>Время</translation>
    </message>
    <message>
      <source>Kind</source>
      <translation>Тип</translation>
    </message>
    <message>
      <source>Receipt</source>
      <translation>Чек</translation>
    </message>
    <message>
      <source>Attempts</source>
      <translation>Попытки</translation>
    </message>
    <message>
      <source>State</source>
      <translation>Состояние</translation>
    </message>
    <message>
      <source>Last error</source>
      <translation>Последняя ошибка</translation>
    </message>
    <message>
      <source>Nothing waiting: every receipt is printed.</source>
      <translation>Очередь пуста: все чеки напечатаны.</translation>
    </message>
    <message>
      <source>Retry now</source>
      <translation>Повторить сейчас</translation>
    </message>
    <message>
      <source>Cancel job</source>
      <translation>Отменить задание</translation>
    </message>
    <message>
      <source>Reprint receipt…</source>
      <translation>Копия чека…</translation>
    </message>
    <message>
      <source>Close</source>
      <translation>Закрыть</translation>
    </message>
    <message>
      <source>given up</source>
      <translation>не напечатан</translation>
    </message>
    <message>
      <source>waiting</source>
      <translation>ждёт</translation>
    </message>
    <message>
      <source>Session receipt</source>
      <translation>Чек сеанса</translation>
    </message>
    <message>
      <source>Call receipt</source>
      <translation>Чек звонка</translation>
    </message>
    <message>
      <source>%1 (copy)</source>
      <translation>%1 (копия)</translation>
    </message>
    <message>
      <source>Trying again…</source>
      <translation>Пробуем снова…</translation>
    </message>
    <message>
      <source>Job cancelled.</source>
      <translation>Задание отменено.</translation>
    </message>
    <message>
      <source>The job was printed or cancelled already.</source>
      <translation>Задание уже напечатано или отменено.</translation>
    </message>
    <message>
      <source>Reprint receipt</source>
      <translation>Повторная печать чека</translation>
    </message>
    <message>
      <source>Receipt number (the copy is marked COPY):</source>
      <translation>Номер чека (копия помечается «КОПИЯ»):</translation>
    </message>
    <message>
      <source>Queueing a copy of receipt %1…</source>
      <translation>Ставим в очередь копию чека %1…</translation>
    </message>
    <message>
      <source>A copy of receipt %1 is queued.</source>
      <translation>Копия чека %1 в очереди печати.</translation>
    </message>
    <message>
      <source>No copy of receipt %1: %2</source>
      <translation>Копия чека %1 не создана: %2</translation>
    </message>
  </context>
  <context>
    <name>StartDialog</name>
    <message>
      <source>Start booth %1</source>
      <translation>Запуск: %1</translation>
    </message>
    <message>
      <source>Start %1</source>
      <translation>Запустить %1</translation>
    </message>
    <message>
      <source>&amp;Prepaid</source>
      <translation>&amp;Предоплата</translation>
    </message>
    <message>
      <source>P&amp;ostpaid</source>
      <translation>П&amp;остоплата</translation>
    </message>
    <message>
      <source>&amp;Amount (%1)</source>
      <translation>&amp;Сумма (%1)</translation>
    </message>
    <message>
      <source>&amp;Credit limit (%1)</source>
      <translation>&amp;Кредитный лимит (%1)</translation>
    </message>
    <message>
      <source>Start</source>
      <translation>Запустить</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>Отмена</translation>
    </message>
  </context>
  <context>
    <name>StatusPanel</name>
    <message>
      <source>Database unreachable</source>
      <translation>База данных недоступна</translation>
    </message>
    <message>
      <source>Database connected</source>
      <translation>База данных подключена</translation>
    </message>
    <message>
      <source>Database</source>
      <translation>База данных</translation>
    </message>
    <message>
      <source>PBX connected</source>
      <translation>АТС подключена</translation>
    </message>
    <message>
      <source>PBX connecting…</source>
      <translation>Подключение к АТС…</translation>
    </message>
    <message>
      <source>PBX login refused</source>
      <translation>АТС отклонила вход</translation>
    </message>
    <message>
      <source>PBX unreachable</source>
      <translation>АТС недоступна</translation>
    </message>
    <message>
      <source>PBX disconnected</source>
      <translation>АТС отключена</translation>
    </message>
    <message>
      <source>Cashier: %1</source>
      <translation>Кассир: %1</translation>
    </message>
    <message>
      <source>Printer: unknown</source>
      <translation>Принтер: состояние неизвестно</translation>
    </message>
    <message numerus="yes">
      <source>(%n waiting)</source>
      <translation>
        <numerusform>(%n чек ждёт печати)</numerusform>
        <numerusform>(%n чека ждут печати)</numerusform>
        <numerusform>(%n чеков ждут печати)</numerusform>
      </translation>
    </message>
    <message>
      <source>Working…</source>
      <translation>Выполняется…</translation>
    </message>
    <message>
      <source>Click to open the print queue</source>
      <translation>Нажмите, чтобы открыть очередь печати</translation>
    </message>
  </context>
  <context>
    <name>StopDialog</name>
    <message>
      <source>Stop %1</source>
      <translation>Остановка: %1</translation>
    </message>
    <message>
      <source>prepaid</source>
      <translation>предоплата</translation>
    </message>
    <message>
      <source>postpaid</source>
      <translation>постоплата</translation>
    </message>
    <message>
      <source>%1 · %2 · started %3</source>
      <translation>%1 · %2 · с %3</translation>
    </message>
    <message>
      <source>⚠ A call is in progress: stopping will hang it up and add it to the bill.</source>
      <translation>⚠ Идёт разговор: остановка кабины прервёт его и добавит в счёт.</translation>
    </message>
    <message>
      <source>&amp;Cash received</source>
      <translation>&amp;Получено наличными</translation>
    </message>
    <message>
      <source>Stop booth</source>
      <translation>Остановить кабину</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>Отмена</translation>
    </message>
    <message>
      <source>Open invoice</source>
      <translation>Открыть счёт</translation>
    </message>
    <message>
      <source>Close</source>
      <translation>Закрыть</translation>
    </message>
    <message>
      <source>Time</source>
      <translation>Время</translation>
    </message>
    <message>
      <source>Number / item</source>
      <translation>Номер / товар</translation>
    </message>
    <message>
      <source>Destination</source>
      <translation>Направление</translation>
    </message>
    <message>
      <source>Duration</source>
      <translation>Длительность</translation>
    </message>
    <message>
      <source>Amount</source>
      <translation>Сумма</translation>
    </message>
    <message>
      <source>Total</source>
      <translation>Итого</translation>
    </message>
    <message>
      <source>Paid</source>
      <translation>Оплачено</translation>
    </message>
    <message>
      <source>Due</source>
      <translation>К оплате</translation>
    </message>
    <message>
      <source>Refund</source>
      <translation>Возврат</translation>
    </message>
    <message>
      <source>Short by %1</source>
      <translation>Не хватает %1</translation>
    </message>
    <message>
      <source>Change %1</source>
      <translation>Сдача %1</translation>
    </message>
    <message>
      <source>Not enough cash: %1 is due.</source>
      <translation>Недостаточно наличных: к оплате %1.</translation>
    </message>
    <message>
      <source>Stopping…</source>
      <translation>Остановка…</translation>
    </message>
    <message>
      <source>Booth stopped.</source>
      <translation>Кабина остановлена.</translation>
    </message>
    <message>
      <source>Receipt #%1</source>
      <translation>Чек № %1</translation>
    </message>
    <message>
      <source>Give change: %1</source>
      <translation>Сдача: %1</translation>
    </message>
    <message>
      <source>Refund: %1</source>
      <translation>Вернуть: %1</translation>
    </message>
    <message>
      <source>Total so far</source>
      <translation>Итого пока</translation>
    </message>
    <message>
      <source>Due so far</source>
      <translation>К оплате пока</translation>
    </message>
    <message>
      <source>%1 · in progress</source>
      <translation>%1 · идёт</translation>
    </message>
    <message>
      <source>Still running: priced by the live meter</source>
      <translation>Звонок идёт: сумма по текущему счётчику</translation>
    </message>
  </context>
  <context>
    <name>TopupDialog</name>
    <message>
      <source>Top up %1</source>
      <translation>Пополнение: %1</translation>
    </message>
    <message>
      <source>Balance now</source>
      <translation>Текущий остаток</translation>
    </message>
    <message>
      <source>&amp;Add (%1)</source>
      <translation>&amp;Добавить (%1)</translation>
    </message>
    <message>
      <source>Top up</source>
      <translation>Пополнить</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>Отмена</translation>
    </message>
  </context>
  <context>
    <name>PrinterSettingsPage</name>
    <message>
      <source>Connection</source>
      <translation>Подключение</translation>
    </message>
    <message>
      <source>/dev/ttyUSB0 or COM3</source>
      <translation>/dev/ttyUSB0 или COM3</translation>
    </message>
    <message>
      <source>Refresh</source>
      <translation>Обновить</translation>
    </message>
    <message>
      <source>Look for serial ports again</source>
      <translation>Заново найти последовательные порты</translation>
    </message>
    <message>
      <source>Serial port:</source>
      <translation>Последовательный порт:</translation>
    </message>
    <message>
      <source>Baud rate:</source>
      <translation>Скорость (бод):</translation>
    </message>
    <message>
      <source>Data bits:</source>
      <translation>Биты данных:</translation>
    </message>
    <message>
      <source>None</source>
      <translation>Нет</translation>
    </message>
    <message>
      <source>Even</source>
      <translation>Чёт</translation>
    </message>
    <message>
      <source>Odd</source>
      <translation>Нечёт</translation>
    </message>
    <message>
      <source>Mark</source>
      <translation>Маркер</translation>
    </message>
    <message>
      <source>Space</source>
      <translation>Пробел</translation>
    </message>
    <message>
      <source>Parity:</source>
      <translation>Чётность:</translation>
    </message>
    <message>
      <source>Stop bits:</source>
      <translation>Стоповые биты:</translation>
    </message>
    <message>
      <source>RTS/CTS (hardware)</source>
      <translation>RTS/CTS (аппаратное)</translation>
    </message>
    <message>
      <source>XON/XOFF (software)</source>
      <translation>XON/XOFF (программное)</translation>
    </message>
    <message>
      <source>Flow control:</source>
      <translation>Управление потоком:</translation>
    </message>
    <message>
      <source> s</source>
      <translation> с</translation>
    </message>
    <message>
      <source>Give up when the printer accepts no data this long</source>
      <translation>Прекратить передачу, если принтер столько времени не принимает данные</translation>
    </message>
    <message>
      <source>Write timeout:</source>
      <translation>Тайм-аут записи:</translation>
    </message>
    <message>
      <source>Printer</source>
      <translation>Принтер</translation>
    </message>
    <message>
      <source>Print receipts on this printer</source>
      <translation>Печатать чеки на этом принтере</translation>
    </message>
    <message>
      <source>Name:</source>
      <translation>Название:</translation>
    </message>
    <message>
      <source>{name} — {width} columns, {codec}</source>
      <translation>{name} — ширина {width} симв., {codec}</translation>
    </message>
    <message>
      <source>Profile:</source>
      <translation>Профиль:</translation>
    </message>
    <message>
      <source>as in the profile</source>
      <translation>как в профиле</translation>
    </message>
    <message>
      <source>Code page:</source>
      <translation>Кодовая страница:</translation>
    </message>
    <message>
      <source>The printer's number for the code page (ESC t n); vendors differ</source>
      <translation>Номер кодовой страницы в самом принтере (ESC t n); у разных производителей он разный</translation>
    </message>
    <message>
      <source>ESC t number:</source>
      <translation>Номер ESC t:</translation>
    </message>
    <message>
      <source>Prints with:</source>
      <translation>Печать:</translation>
    </message>
    <message>
      <source>Receipts</source>
      <translation>Чеки</translation>
    </message>
    <message>
      <source>Print a receipt after each call</source>
      <translation>Печатать чек после каждого звонка</translation>
    </message>
    <message>
      <source>Print a receipt when a booth is closed</source>
      <translation>Печатать чек при закрытии кабины</translation>
    </message>
    <message>
      <source>Open the cash drawer with each receipt</source>
      <translation>Открывать денежный ящик при каждом чеке</translation>
    </message>
    <message>
      <source>Copies:</source>
      <translation>Копий:</translation>
    </message>
    <message>
      <source>Receipt language:</source>
      <translation>Язык чека:</translation>
    </message>
    <message>
      <source>Check the printer</source>
      <translation>Проверка принтера</translation>
    </message>
    <message>
      <source>Check status</source>
      <translation>Проверить состояние</translation>
    </message>
    <message>
      <source>Test print</source>
      <translation>Пробная печать</translation>
    </message>
    <message>
      <source>Enter the baud rate as a number, e.g. 9600</source>
      <translation>Введите скорость числом, например 9600</translation>
    </message>
    <message>
      <source>Choose the serial port of the printer</source>
      <translation>Выберите последовательный порт принтера</translation>
    </message>
    <message>
      <source>{rate} is not a baud rate a serial port supports</source>
      <translation>Скорость {rate} не поддерживается последовательным портом</translation>
    </message>
    <message>
      <source>Give the printer a name</source>
      <translation>Задайте название принтера</translation>
    </message>
    <message>
      <source>{codec} is not a code page this computer knows</source>
      <translation>Кодовая страница {codec} неизвестна этому компьютеру</translation>
    </message>
    <message>
      <source>{codec} is not a single-byte code page that keeps ASCII</source>
      <translation>{codec} не подходит: нужна однобайтовая кодовая страница, совместимая с ASCII</translation>
    </message>
    <message>
      <source>Set the printer's ESC t number for this code page</source>
      <translation>Укажите номер ESC t этой кодовой страницы в принтере</translation>
    </message>
    <message>
      <source>{width} columns, code page {codec}, ESC t {number}</source>
      <translation>ширина {width} симв., кодовая страница {codec}, ESC t {number}</translation>
    </message>
    <message>
      <source>Serial port</source>
      <translation>Последовательный порт</translation>
    </message>
    <message>
      <source>No serial ports found; you can type a port name</source>
      <translation>Последовательные порты не найдены; имя порта можно ввести вручную</translation>
    </message>
    <message>
      <source>{count} serial port(s) found</source>
      <translation>Найдено последовательных портов: {count}</translation>
    </message>
    <message>
      <source>Correct the settings marked in red first</source>
      <translation>Сначала исправьте настройки, отмеченные красным</translation>
    </message>
    <message>
      <source>Asking the printer…</source>
      <translation>Опрашиваем принтер…</translation>
    </message>
    <message>
      <source>Printing test page…</source>
      <translation>Печатаем пробную страницу…</translation>
    </message>
    <message>
      <source>Cannot open {port}: {detail}</source>
      <translation>Не удаётся открыть {port}: {detail}</translation>
    </message>
    <message>
      <source>Printer on {port} does not accept data</source>
      <translation>Принтер на {port} не принимает данные</translation>
    </message>
    <message>
      <source>Printer check failed: {detail}</source>
      <translation>Проверка принтера не удалась: {detail}</translation>
    </message>
    <message>
      <source>Printed test page</source>
      <translation>Пробная страница напечатана</translation>
    </message>
    <message>
      <source>paper near end</source>
      <translation>бумага заканчивается</translation>
    </message>
    <message>
      <source>This printer profile cannot report its status</source>
      <translation>Принтер с этим профилем не сообщает своё состояние</translation>
    </message>
    <message>
      <source>No answer from printer on {port}</source>
      <translation>Принтер на {port} не отвечает</translation>
    </message>
    <message>
      <source>Paper out</source>
      <translation>Нет бумаги</translation>
    </message>
    <message>
      <source>Cover open</source>
      <translation>Открыта крышка</translation>
    </message>
    <message>
      <source>Printer error</source>
      <translation>Ошибка принтера</translation>
    </message>
    <message>
      <source>Offline</source>
      <translation>Не в сети</translation>
    </message>
    <message>
      <source>Ready, paper near end</source>
      <translation>Готов, бумага заканчивается</translation>
    </message>
    <message>
      <source>Ready</source>
      <translation>Готов</translation>
    </message>
  </context>
  <context>
    <name>PrinterSettingsDialog</name>
    <message>
      <source>Receipt printer</source>
      <translation>Чековый принтер</translation>
    </message>
    <message>
      <source>Save</source>
      <translation>Сохранить</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>Отмена</translation>
    </message>
    <message>
      <source>Correct the settings marked in red.</source>
      <translation>Исправьте настройки, отмеченные красным.</translation>
    </message>
    <message>
      <source>Could not save: %1</source>
      <translation>Не удалось сохранить: %1</translation>
    </message>
  </context>
  <context>
    <name>Refusal</name>
    <message>
      <source>Database unreachable</source>
      <translation>База данных недоступна</translation>
    </message>
    <message>
      <source>Not enough money left</source>
      <translation>Не хватает денег</translation>
    </message>
    <message>
      <source>Destination not allowed</source>
      <translation>Направление запрещено</translation>
    </message>
    <message>
      <source>No price for this number</source>
      <translation>Нет тарифа на этот номер</translation>
    </message>
    <message>
      <source>Booth not started</source>
      <translation>Кабина не запущена</translation>
    </message>
    <message>
      <source>Booth out of order</source>
      <translation>Кабина не работает</translation>
    </message>
    <message>
      <source>Number not valid</source>
      <translation>Неверный номер</translation>
    </message>
    <message>
      <source>No line to this destination</source>
      <translation>Нет линии на это направление</translation>
    </message>
    <message>
      <source>Counter answered too late</source>
      <translation>Касса ответила слишком поздно</translation>
    </message>
    <message>
      <source>Refused (%1)</source>
      <translation>Отказ (%1)</translation>
    </message>
  </context>
  <context>
    <name>DemoBanner</name>
    <message>
      <source>Demo shop — simulated booths, no real calls or money.</source>
      <translation>Демо-магазин — кабины имитируются, звонков и денег нет.</translation>
    </message>
    <message>
      <source>Set up the real shop…</source>
      <translation>Настроить настоящий магазин…</translation>
    </message>
    <message>
      <source>1. Write your shop's set-up file (start from resources/sample/demo.toml) and apply it:</source>
      <translation>1. Составьте файл настройки магазина (за основу возьмите resources/sample/demo.toml) и примените его:</translation>
    </message>
    <message>
      <source>2. Export the Asterisk configuration and install it on the PBX:</source>
      <translation>2. Выгрузите конфигурацию Asterisk и установите её на АТС:</translation>
    </message>
    <message>
      <source>3. Put the PBX address in the [shop] table and apply the file again:</source>
      <translation>3. Укажите адрес АТС в таблице [shop] и примените файл ещё раз:</translation>
    </message>
    <message>
      <source>Then scripts/run opens the real shop instead of this demo.</source>
      <translation>После этого scripts/run откроет настоящий магазин вместо демо.</translation>
    </message>
    <message>
      <source>Set up the real shop</source>
      <translation>Настройка настоящего магазина</translation>
    </message>
    <message>
      <source>This is the demo shop: its booths and calls are simulated and it keeps its own database.</source>
      <translation>Это демо-магазин: кабины и звонки имитируются, у него своя база данных.</translation>
    </message>
    <message>
      <source>Open the README</source>
      <translation>Открыть README</translation>
    </message>
  </context>
  <context>
    <name>FirstOwnerDialog</name>
    <message>
      <source>A PIN has %1 to %2 characters.</source>
      <translation>PIN содержит от %1 до %2 символов.</translation>
    </message>
    <message>
      <source>Callshop POS — the owner</source>
      <translation>Callshop POS — владелец</translation>
    </message>
    <message>
      <source>Create the owner</source>
      <translation>Создать владельца</translation>
    </message>
    <message>
      <source>Owner's name</source>
      <translation>Имя владельца</translation>
    </message>
    <message>
      <source>PIN</source>
      <translation>PIN</translation>
    </message>
    <message>
      <source>PIN again</source>
      <translation>PIN ещё раз</translation>
    </message>
    <message>
      <source>Quit</source>
      <translation>Выход</translation>
    </message>
    <message>
      <source>The two PINs differ.</source>
      <translation>PIN-коды не совпадают.</translation>
    </message>
    <message>
      <source>Type the owner's name.</source>
      <translation>Введите имя владельца.</translation>
    </message>
    <message>
      <source>Welcome. Who owns this shop? The owner's PIN opens the settings and the prices; cashiers are added later.</source>
      <translation>Добро пожаловать. Кто владелец этого переговорного пункта? PIN владельца открывает настройки и цены; кассиров можно добавить позже.</translation>
    </message>
  </context>
  <context>
    <name>LoginDialog</name>
    <message>
      <source>%1 (owner)</source>
      <translation>%1 (владелец)</translation>
    </message>
    <message>
      <source>Callshop POS — log in</source>
      <translation>Callshop POS — вход</translation>
    </message>
    <message>
      <source>Cancel</source>
      <translation>Отмена</translation>
    </message>
    <message>
      <source>Log in</source>
      <translation>Войти</translation>
    </message>
    <message>
      <source>PIN</source>
      <translation>PIN</translation>
    </message>
    <message>
      <source>Quit</source>
      <translation>Выход</translation>
    </message>
    <message>
      <source>This user cannot log in.</source>
      <translation>Этот пользователь не может войти.</translation>
    </message>
    <message>
      <source>Too many wrong PINs: try again in %1 s.</source>
      <translation>Слишком много неверных PIN: попробуйте снова через %1 с.</translation>
    </message>
    <message>
      <source>Who is at the counter?</source>
      <translation>Кто за кассой?</translation>
    </message>
    <message>
      <source>Wrong PIN.</source>
      <translation>Неверный PIN.</translation>
    </message>
    <message>
      <source>Wrong PIN. %1 more tries before a wait.</source>
      <translation>Неверный PIN. Попыток до ожидания: %1.</translation>
    </message>
  </context>
  <context>
    <name>SessionGuard</name>
    <message>
      <source>Demo shop: %1</source>
      <translation>Демо: %1</translation>
    </message>
    <message>
      <source>The counter is locked</source>
      <translation>Касса заблокирована</translation>
    </message>
    <message>
      <source>This needs the owner's PIN</source>
      <translation>Нужен PIN владельца</translation>
    </message>
  </context>
</TS>
