<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AuthorisationDialog</name>
    <message>
        <location filename="../../widgets/authorisation_dialog.py" line="19"/>
        <source>Authorisation required</source>
        <translation>需要授权</translation>
    </message>
    <message>
        <location filename="../../widgets/authorisation_dialog.py" line="23"/>
        <source>Request approval from a supervisor&apos;s workstation</source>
        <translation>请求远程授权（发送到授权人终端）</translation>
    </message>
    <message>
        <location filename="../../widgets/authorisation_dialog.py" line="32"/>
        <source>Teller: %1</source>
        <translation>柜员：%1</translation>
    </message>
    <message>
        <location filename="../../widgets/authorisation_dialog.py" line="33"/>
        <source>Transaction: %1</source>
        <translation>交易：%1</translation>
    </message>
    <message>
        <location filename="../../widgets/authorisation_dialog.py" line="35"/>
        <source>Account: %1</source>
        <translation>账号：%1</translation>
    </message>
    <message>
        <location filename="../../widgets/authorisation_dialog.py" line="37"/>
        <source>Amount: %1</source>
        <translation>金额：%1</translation>
    </message>
    <message>
        <location filename="../../widgets/authorisation_dialog.py" line="39"/>
        <source>Why: %1</source>
        <translation>授权原因：%1</translation>
    </message>
    <message>
        <location filename="../../widgets/authorisation_dialog.py" line="40"/>
        <source>Who may authorise: %1</source>
        <translation>可授权人：%1</translation>
    </message>
</context>
<context>
    <name>AuthorisedAction</name>
    <message>
        <location filename="../../widgets/authorised_action.py" line="60"/>
        <source>Rejected by %1: %2</source>
        <translation>%1 拒绝授权：%2</translation>
    </message>
    <message>
        <location filename="../../widgets/authorised_action.py" line="60"/>
        <source>The request expired unanswered.</source>
        <translation>授权请求超时未处理。</translation>
    </message>
    <message>
        <location filename="../../widgets/authorised_action.py" line="61"/>
        <source>The request was cancelled.</source>
        <translation>授权请求已撤销。</translation>
    </message>
</context>
<context>
    <name>BalanceDialog</name>
    <message>
        <location filename="../../widgets/balance_dialog.py" line="20"/>
        <source>Intra-day balance</source>
        <translation>轧账</translation>
    </message>
    <message>
        <location filename="../../widgets/balance_dialog.py" line="24"/>
        <source>Denomination</source>
        <translation>券别</translation>
    </message>
    <message>
        <location filename="../../widgets/balance_dialog.py" line="24"/>
        <source>Journal: count</source>
        <translation>账面张数</translation>
    </message>
    <message>
        <location filename="../../widgets/balance_dialog.py" line="25"/>
        <source>Journal: amount</source>
        <translation>账面金额</translation>
    </message>
    <message>
        <location filename="../../widgets/balance_dialog.py" line="25"/>
        <source>Till: count</source>
        <translation>实存张数</translation>
    </message>
    <message>
        <location filename="../../widgets/balance_dialog.py" line="25"/>
        <source>Till: amount</source>
        <translation>实存金额</translation>
    </message>
    <message>
        <location filename="../../widgets/balance_dialog.py" line="26"/>
        <source>Difference</source>
        <translation>差额</translation>
    </message>
    <message>
        <location filename="../../widgets/balance_dialog.py" line="29"/>
        <source>yuan</source>
        <translation>元</translation>
    </message>
    <message>
        <location filename="../../widgets/balance_dialog.py" line="29"/>
        <source>note</source>
        <translation>纸币</translation>
    </message>
    <message>
        <location filename="../../widgets/balance_dialog.py" line="29"/>
        <source>coin</source>
        <translation>硬币</translation>
    </message>
    <message>
        <location filename="../../widgets/balance_dialog.py" line="38"/>
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <location filename="../../widgets/balance_dialog.py" line="49"/>
        <source>Balanced: till and journal agree (%1).</source>
        <translation>账款相符：尾箱与流水一致（%1）。</translation>
    </message>
    <message>
        <location filename="../../widgets/balance_dialog.py" line="50"/>
        <source>NOT balanced: journal %1, till %2.</source>
        <translation>账款不符：流水 %1，尾箱 %2。</translation>
    </message>
</context>
<context>
    <name>CashWorkspace</name>
    <message>
        <location filename="../../widgets/cash_workspace.py" line="60"/>
        <source>Transaction</source>
        <translation>交易</translation>
    </message>
    <message>
        <location filename="../../widgets/cash_workspace.py" line="61"/>
        <source>Journal</source>
        <translation>流水</translation>
    </message>
    <message>
        <location filename="../../widgets/cash_workspace.py" line="62"/>
        <source>Passbook</source>
        <translation>存折</translation>
    </message>
    <message>
        <location filename="../../widgets/cash_workspace.py" line="110"/>
        <source>Reading the card…</source>
        <translation>正在读卡…</translation>
    </message>
    <message>
        <location filename="../../widgets/cash_workspace.py" line="118"/>
        <source>Card %1 read.</source>
        <translation>已读卡 %1。</translation>
    </message>
    <message>
        <location filename="../../widgets/cash_workspace.py" line="143"/>
        <source>Sending to the core banking system…</source>
        <translation>正在发送主机…</translation>
    </message>
    <message>
        <location filename="../../widgets/cash_workspace.py" line="156"/>
        <source>Approved: %1, journal %2</source>
        <translation>记账成功：%1，流水号 %2</translation>
    </message>
    <message>
        <location filename="../../widgets/cash_workspace.py" line="158"/>
        <source>Accepted offline (core not answering): %1, journal %2</source>
        <translation>脱机受理（主机无应答）：%1，流水号 %2</translation>
    </message>
    <message>
        <location filename="../../widgets/cash_workspace.py" line="161"/>
        <source>Refused: the core banking system is not answering and a withdrawal needs it. Pay nothing.</source>
        <translation>拒绝：主机无应答，取款必须联机。请勿付款。</translation>
    </message>
    <message>
        <location filename="../../widgets/cash_workspace.py" line="164"/>
        <source>Rejected by the core: %1. Nothing was posted; pay or take no cash.</source>
        <translation>主机拒绝：%1。未记账，请勿收付现金。</translation>
    </message>
    <message>
        <location filename="../../widgets/cash_workspace.py" line="191"/>
        <source>Posting %1 reversed: %2</source>
        <translation>流水 %1 已冲正：%2</translation>
    </message>
    <message>
        <location filename="../../widgets/cash_workspace.py" line="196"/>
        <source>Reversal of posting %1</source>
        <translation>冲正流水 %1</translation>
    </message>
</context>
<context>
    <name>Codes</name>
    <message>
        <location filename="../../widgets/codes.py" line="11"/>
        <source>Signed in</source>
        <translation>签到</translation>
    </message>
    <message>
        <location filename="../../widgets/codes.py" line="12"/>
        <source>Signed off</source>
        <translation>签退</translation>
    </message>
    <message>
        <location filename="../../widgets/codes.py" line="13"/>
        <source>Sign-in conflict</source>
        <translation>签到冲突</translation>
    </message>
    <message>
        <location filename="../../widgets/codes.py" line="14"/>
        <source>Signed off by a supervisor</source>
        <translation>主管强制签退</translation>
    </message>
    <message>
        <location filename="../../widgets/codes.py" line="15"/>
        <source>Screen locked</source>
        <translation>已锁屏</translation>
    </message>
    <message>
        <location filename="../../widgets/codes.py" line="16"/>
        <source>Screen unlocked</source>
        <translation>解除锁屏</translation>
    </message>
    <message>
        <location filename="../../widgets/codes.py" line="17"/>
        <source>Badge locked</source>
        <translation>工牌已锁定</translation>
    </message>
    <message>
        <location filename="../../widgets/codes.py" line="18"/>
        <source>Badge unlocked</source>
        <translation>工牌解锁</translation>
    </message>
    <message>
        <location filename="../../widgets/codes.py" line="19"/>
        <source>Badge blacklisted</source>
        <translation>工牌挂失</translation>
    </message>
    <message>
        <location filename="../../widgets/codes.py" line="20"/>
        <source>Till opened</source>
        <translation>尾箱出库</translation>
    </message>
    <message>
        <location filename="../../widgets/codes.py" line="21"/>
        <source>Cash sold back to the vault</source>
        <translation>现金上缴</translation>
    </message>
    <message>
        <location filename="../../widgets/codes.py" line="22"/>
        <source>Blind count</source>
        <translation>盲点清点</translation>
    </message>
    <message>
        <location filename="../../widgets/codes.py" line="23"/>
        <source>Till closed</source>
        <translation>尾箱入库</translation>
    </message>
    <message>
        <location filename="../../widgets/codes.py" line="24"/>
        <source>Over</source>
        <translation>长款</translation>
    </message>
    <message>
        <location filename="../../widgets/codes.py" line="25"/>
        <source>Short</source>
        <translation>短款</translation>
    </message>
    <message>
        <location filename="../../widgets/codes.py" line="26"/>
        <source>Posting</source>
        <translation>记账</translation>
    </message>
    <message>
        <location filename="../../widgets/codes.py" line="27"/>
        <source>Posted by the core</source>
        <translation>主机记账成功</translation>
    </message>
    <message>
        <location filename="../../widgets/codes.py" line="28"/>
        <source>Rejected by the core</source>
        <translation>主机拒绝</translation>
    </message>
    <message>
        <location filename="../../widgets/codes.py" line="29"/>
        <source>Rejected by the core after offline acceptance</source>
        <translation>脱机受理后主机拒绝</translation>
    </message>
    <message>
        <location filename="../../widgets/codes.py" line="30"/>
        <source>Reversed at the core</source>
        <translation>主机已冲正</translation>
    </message>
    <message>
        <location filename="../../widgets/codes.py" line="31"/>
        <source>Posting key reused at the core</source>
        <translation>主机流水号重复</translation>
    </message>
    <message>
        <location filename="../../widgets/codes.py" line="32"/>
        <source>Accepted offline</source>
        <translation>脱机受理</translation>
    </message>
    <message>
        <location filename="../../widgets/codes.py" line="33"/>
        <source>Refused offline</source>
        <translation>脱机拒绝</translation>
    </message>
    <message>
        <location filename="../../widgets/codes.py" line="34"/>
        <source>Authorisation requested</source>
        <translation>申请授权</translation>
    </message>
    <message>
        <location filename="../../widgets/codes.py" line="35"/>
        <source>Authorisation approved</source>
        <translation>授权通过</translation>
    </message>
    <message>
        <location filename="../../widgets/codes.py" line="36"/>
        <source>Authorisation rejected</source>
        <translation>授权拒绝</translation>
    </message>
    <message>
        <location filename="../../widgets/codes.py" line="37"/>
        <source>Authorisation request cancelled</source>
        <translation>撤销授权申请</translation>
    </message>
    <message>
        <location filename="../../widgets/codes.py" line="38"/>
        <source>Authorisation used</source>
        <translation>使用授权</translation>
    </message>
    <message>
        <location filename="../../widgets/codes.py" line="39"/>
        <source>Authorised at this workstation</source>
        <translation>本地授权</translation>
    </message>
    <message>
        <location filename="../../widgets/codes.py" line="40"/>
        <source>Authorisation rules changed</source>
        <translation>授权规则变更</translation>
    </message>
    <message>
        <location filename="../../widgets/codes.py" line="41"/>
        <source>Posting reviewed</source>
        <translation>复核通过</translation>
    </message>
    <message>
        <location filename="../../widgets/codes.py" line="42"/>
        <source>Posting returned to the teller</source>
        <translation>复核退回</translation>
    </message>
    <message>
        <location filename="../../widgets/codes.py" line="43"/>
        <source>Passbook lines printed</source>
        <translation>补登存折</translation>
    </message>
    <message>
        <location filename="../../widgets/codes.py" line="44"/>
        <source>Item registered for custody</source>
        <translation>登记保管物品</translation>
    </message>
    <message>
        <location filename="../../widgets/codes.py" line="45"/>
        <source>Item handed over</source>
        <translation>物品交接</translation>
    </message>
    <message>
        <location filename="../../widgets/codes.py" line="46"/>
        <source>Item taken out of the vault box</source>
        <translation>物品出库箱</translation>
    </message>
    <message>
        <location filename="../../widgets/codes.py" line="47"/>
        <source>Item locked in the vault box</source>
        <translation>物品入库箱</translation>
    </message>
    <message>
        <location filename="../../widgets/codes.py" line="48"/>
        <source>Customer contacted</source>
        <translation>已联系客户</translation>
    </message>
    <message>
        <location filename="../../widgets/codes.py" line="49"/>
        <source>Exception reversed</source>
        <translation>异常冲回</translation>
    </message>
    <message>
        <location filename="../../widgets/codes.py" line="50"/>
        <source>Loss written off</source>
        <translation>损失核销</translation>
    </message>
    <message>
        <location filename="../../widgets/codes.py" line="53"/>
        <source>posted</source>
        <translation>记账成功</translation>
    </message>
    <message>
        <location filename="../../widgets/codes.py" line="54"/>
        <source>accepted offline</source>
        <translation>脱机受理</translation>
    </message>
    <message>
        <location filename="../../widgets/codes.py" line="55"/>
        <source>refused (core offline)</source>
        <translation>拒绝（主机脱机）</translation>
    </message>
    <message>
        <location filename="../../widgets/codes.py" line="56"/>
        <source>rejected by the core</source>
        <translation>主机拒绝</translation>
    </message>
    <message>
        <location filename="../../widgets/codes.py" line="57"/>
        <source>waiting for the core</source>
        <translation>等待主机</translation>
    </message>
    <message>
        <location filename="../../widgets/codes.py" line="58"/>
        <source>posting key reused</source>
        <translation>流水号重复</translation>
    </message>
    <message>
        <location filename="../../widgets/codes.py" line="61"/>
        <source>in use</source>
        <translation>正常</translation>
    </message>
    <message>
        <location filename="../../widgets/codes.py" line="62"/>
        <source>locked</source>
        <translation>锁定</translation>
    </message>
    <message>
        <location filename="../../widgets/codes.py" line="63"/>
        <source>blacklisted</source>
        <translation>挂失</translation>
    </message>
    <message>
        <location filename="../../widgets/codes.py" line="66"/>
        <source>waiting</source>
        <translation>待处理</translation>
    </message>
    <message>
        <location filename="../../widgets/codes.py" line="67"/>
        <source>approved</source>
        <translation>通过</translation>
    </message>
    <message>
        <location filename="../../widgets/codes.py" line="68"/>
        <source>rejected</source>
        <translation>拒绝</translation>
    </message>
    <message>
        <location filename="../../widgets/codes.py" line="69"/>
        <source>approved and used</source>
        <translation>已通过并使用</translation>
    </message>
    <message>
        <location filename="../../widgets/codes.py" line="70"/>
        <source>cancelled</source>
        <translation>已撤销</translation>
    </message>
    <message>
        <location filename="../../widgets/codes.py" line="71"/>
        <source>expired</source>
        <translation>已过期</translation>
    </message>
    <message>
        <location filename="../../widgets/codes.py" line="73"/>
        <source>at the counter</source>
        <translation>现场</translation>
    </message>
    <message>
        <location filename="../../widgets/codes.py" line="73"/>
        <source>remote</source>
        <translation>远程</translation>
    </message>
    <message>
        <location filename="../../widgets/codes.py" line="75"/>
        <source>active</source>
        <translation>正常</translation>
    </message>
    <message>
        <location filename="../../widgets/codes.py" line="76"/>
        <source>frozen</source>
        <translation>冻结</translation>
    </message>
    <message>
        <location filename="../../widgets/codes.py" line="77"/>
        <source>closed</source>
        <translation>已办结</translation>
    </message>
    <message>
        <location filename="../../widgets/codes.py" line="79"/>
        <source>deposit</source>
        <translation>存入</translation>
    </message>
    <message>
        <location filename="../../widgets/codes.py" line="79"/>
        <source>withdrawal</source>
        <translation>支取</translation>
    </message>
    <message>
        <location filename="../../widgets/codes.py" line="81"/>
        <source>Resident ID card</source>
        <translation>居民身份证</translation>
    </message>
    <message>
        <location filename="../../widgets/codes.py" line="82"/>
        <source>Passport</source>
        <translation>护照</translation>
    </message>
    <message>
        <location filename="../../widgets/codes.py" line="83"/>
        <source>Other ID document</source>
        <translation>其他证件</translation>
    </message>
    <message>
        <location filename="../../widgets/codes.py" line="86"/>
        <source>reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../widgets/codes.py" line="87"/>
        <source>direction</source>
        <translation>方向</translation>
    </message>
    <message>
        <location filename="../../widgets/codes.py" line="88"/>
        <source>error</source>
        <translation>故障</translation>
    </message>
    <message>
        <location filename="../../widgets/codes.py" line="89"/>
        <source>supervisor</source>
        <translation>主管</translation>
    </message>
    <message>
        <location filename="../../widgets/codes.py" line="90"/>
        <source>authorised by</source>
        <translation>授权人</translation>
    </message>
    <message>
        <location filename="../../widgets/codes.py" line="91"/>
        <source>reverses journal</source>
        <translation>冲正流水</translation>
    </message>
    <message>
        <location filename="../../widgets/codes.py" line="93"/>
        <source>Other (%1)</source>
        <translation>其他（%1）</translation>
    </message>
    <message>
        <location filename="../../widgets/codes.py" line="142"/>
        <source>%1 yuan note</source>
        <translation>%1元纸币</translation>
    </message>
    <message>
        <location filename="../../widgets/codes.py" line="142"/>
        <source>%1 yuan coin</source>
        <translation>%1元硬币</translation>
    </message>
</context>
<context>
    <name>CredentialsDialog</name>
    <message>
        <location filename="../../widgets/credentials_dialog.py" line="28"/>
        <source>Teller</source>
        <translation>柜员</translation>
    </message>
    <message>
        <location filename="../../widgets/credentials_dialog.py" line="30"/>
        <location filename="../../widgets/credentials_dialog.py" line="38"/>
        <source>PIN</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../widgets/credentials_dialog.py" line="35"/>
        <source>Supervisor</source>
        <translation>授权人</translation>
    </message>
    <message>
        <location filename="../../widgets/credentials_dialog.py" line="37"/>
        <source>Badge</source>
        <translation>工牌</translation>
    </message>
</context>
<context>
    <name>CustodyTab</name>
    <message>
        <location filename="../../widgets/custody_tab.py" line="16"/>
        <source>Seal</source>
        <translation>印章</translation>
    </message>
    <message>
        <location filename="../../widgets/custody_tab.py" line="17"/>
        <source>Pledge code</source>
        <translation>密押</translation>
    </message>
    <message>
        <location filename="../../widgets/custody_tab.py" line="18"/>
        <source>Blank vouchers</source>
        <translation>重要空白凭证</translation>
    </message>
    <message>
        <location filename="../../widgets/custody_tab.py" line="19"/>
        <source>Locked in the vault box</source>
        <translation>已随库箱入库</translation>
    </message>
    <message>
        <location filename="../../widgets/custody_tab.py" line="20"/>
        <source>With its keeper</source>
        <translation>在保管人处</translation>
    </message>
    <message>
        <location filename="../../widgets/custody_tab.py" line="68"/>
        <source>Seals and important items</source>
        <translation>印章与重要物品保管</translation>
    </message>
    <message>
        <location filename="../../widgets/custody_tab.py" line="69"/>
        <source>Item</source>
        <translation>物品</translation>
    </message>
    <message>
        <location filename="../../widgets/custody_tab.py" line="69"/>
        <source>Kind</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../../widgets/custody_tab.py" line="69"/>
        <source>Keeper</source>
        <translation>保管人</translation>
    </message>
    <message>
        <location filename="../../widgets/custody_tab.py" line="70"/>
        <source>Where</source>
        <translation>存放</translation>
    </message>
    <message>
        <location filename="../../widgets/custody_tab.py" line="71"/>
        <source>Note for the register (e.g. leave, post change)</source>
        <translation>登记簿备注（如休假、换岗）</translation>
    </message>
    <message>
        <location filename="../../widgets/custody_tab.py" line="72"/>
        <source>Hand over (F3)</source>
        <translation>交接 (F3)</translation>
    </message>
    <message>
        <location filename="../../widgets/custody_tab.py" line="73"/>
        <source>Take out of vault box (F4)</source>
        <translation>出库箱 (F4)</translation>
    </message>
    <message>
        <location filename="../../widgets/custody_tab.py" line="74"/>
        <source>Lock in vault box (F12)</source>
        <translation>入库箱 (F12)</translation>
    </message>
    <message>
        <location filename="../../widgets/custody_tab.py" line="75"/>
        <source>Print register</source>
        <translation>打印登记簿</translation>
    </message>
    <message>
        <location filename="../../widgets/custody_tab.py" line="94"/>
        <source>Not locked in the vault box: %1. The end of day waits for them.</source>
        <translation>未随库箱入库：%1。日终须等其入库。</translation>
    </message>
    <message>
        <location filename="../../widgets/custody_tab.py" line="98"/>
        <source>All items are locked in the vault box.</source>
        <translation>全部物品已随库箱入库。</translation>
    </message>
    <message>
        <location filename="../../widgets/custody_tab.py" line="114"/>
        <source>Custody register printed: %1</source>
        <translation>保管登记簿已打印：%1</translation>
    </message>
    <message>
        <location filename="../../widgets/custody_tab.py" line="130"/>
        <source>Select an item first.</source>
        <translation>请先选择物品。</translation>
    </message>
    <message>
        <location filename="../../widgets/custody_tab.py" line="145"/>
        <source>Keeper %1</source>
        <translation>保管人 %1</translation>
    </message>
    <message>
        <location filename="../../widgets/custody_tab.py" line="153"/>
        <source>Hand over %1</source>
        <translation>交接 %1</translation>
    </message>
    <message>
        <location filename="../../widgets/custody_tab.py" line="157"/>
        <source>%1 handed over to %2.</source>
        <translation>%1 已交接给 %2。</translation>
    </message>
    <message>
        <location filename="../../widgets/custody_tab.py" line="165"/>
        <source>Receiver</source>
        <translation>接收人</translation>
    </message>
    <message>
        <location filename="../../widgets/custody_tab.py" line="166"/>
        <source>The receiver presents a badge and PIN to take custody of %1.</source>
        <translation>接收人刷工牌并输入密码，接管 %1。</translation>
    </message>
    <message>
        <location filename="../../widgets/custody_tab.py" line="172"/>
        <source>Take out of the vault box</source>
        <translation>从库箱取出</translation>
    </message>
    <message>
        <location filename="../../widgets/custody_tab.py" line="173"/>
        <source>%1 taken out of the vault box.</source>
        <translation>%1 已从库箱取出。</translation>
    </message>
    <message>
        <location filename="../../widgets/custody_tab.py" line="176"/>
        <source>Lock in the vault box</source>
        <translation>随库箱入库</translation>
    </message>
    <message>
        <location filename="../../widgets/custody_tab.py" line="177"/>
        <source>%1 locked in the vault box.</source>
        <translation>%1 已随库箱入库。</translation>
    </message>
</context>
<context>
    <name>DayCloseTab</name>
    <message>
        <location filename="../../widgets/day_close_tab.py" line="13"/>
        <source>Every teller signed off 柜员签退</source>
        <translation>柜员签退</translation>
    </message>
    <message>
        <location filename="../../widgets/day_close_tab.py" line="14"/>
        <source>Every till closed 尾箱入库</source>
        <translation>尾箱入库</translation>
    </message>
    <message>
        <location filename="../../widgets/day_close_tab.py" line="15"/>
        <source>Cash agrees with the books 账款相符</source>
        <translation>账款相符</translation>
    </message>
    <message>
        <location filename="../../widgets/day_close_tab.py" line="16"/>
        <source>Seals and vouchers in the vault box 印章凭证入库</source>
        <translation>印章凭证入库</translation>
    </message>
    <message>
        <location filename="../../widgets/day_close_tab.py" line="17"/>
        <source>Every posting reviewed 复核完毕</source>
        <translation>复核完毕</translation>
    </message>
    <message>
        <location filename="../../widgets/day_close_tab.py" line="18"/>
        <source>Every posting answered by the core 主机应答</source>
        <translation>主机应答</translation>
    </message>
    <message>
        <location filename="../../widgets/day_close_tab.py" line="19"/>
        <source>Journals at the branch intact 流水上传</source>
        <translation>流水上传</translation>
    </message>
    <message>
        <location filename="../../widgets/day_close_tab.py" line="20"/>
        <source>Reconciled with the core 对账平衡</source>
        <translation>对账平衡</translation>
    </message>
    <message>
        <location filename="../../widgets/day_close_tab.py" line="23"/>
        <source>{name} is signed in at {desk}</source>
        <translation>{name} 仍在 {desk} 签到</translation>
    </message>
    <message>
        <location filename="../../widgets/day_close_tab.py" line="24"/>
        <source>{name}&apos;s till ({desk}) is open</source>
        <translation>{name} 的尾箱（{desk}）未入库</translation>
    </message>
    <message>
        <location filename="../../widgets/day_close_tab.py" line="25"/>
        <source>{name}: counted {counted}, the journal says {expected}</source>
        <translation>{name}：实点 {counted}，账面 {expected}</translation>
    </message>
    <message>
        <location filename="../../widgets/day_close_tab.py" line="26"/>
        <source>{item} is with {name}</source>
        <translation>{item} 在 {name} 处</translation>
    </message>
    <message>
        <location filename="../../widgets/day_close_tab.py" line="27"/>
        <source>{count} posting(s) wait for review</source>
        <translation>{count} 笔交易待复核</translation>
    </message>
    <message>
        <location filename="../../widgets/day_close_tab.py" line="28"/>
        <source>{entry} ({name}) waits for the core&apos;s answer</source>
        <translation>{entry}（{name}）待主机应答</translation>
    </message>
    <message>
        <location filename="../../widgets/day_close_tab.py" line="29"/>
        <source>exception {entry} ({name}) is open</source>
        <translation>异常 {entry}（{name}）未处理</translation>
    </message>
    <message>
        <location filename="../../widgets/day_close_tab.py" line="30"/>
        <source>{desk} entry {seq}: {problem}</source>
        <translation>{desk} 流水 {seq}：{problem}</translation>
    </message>
    <message>
        <location filename="../../widgets/day_close_tab.py" line="31"/>
        <source>no reconciliation with the core&apos;s statements is configured</source>
        <translation>未配置与主机对账单的对账</translation>
    </message>
    <message>
        <location filename="../../widgets/day_close_tab.py" line="32"/>
        <source>{problem}</source>
        <translation>{problem}</translation>
    </message>
    <message>
        <location filename="../../widgets/day_close_tab.py" line="34"/>
        <source>Print cash day book 现金收付日记簿</source>
        <translation>打印现金收付日记簿</translation>
    </message>
    <message>
        <location filename="../../widgets/day_close_tab.py" line="35"/>
        <source>Print large-value report 大额交易报告</source>
        <translation>打印大额交易报告</translation>
    </message>
    <message>
        <location filename="../../widgets/day_close_tab.py" line="36"/>
        <source>Print handover register 重要物品交接登记簿</source>
        <translation>打印重要物品交接登记簿</translation>
    </message>
    <message>
        <location filename="../../widgets/day_close_tab.py" line="80"/>
        <source>End of day 日终</source>
        <translation>日终</translation>
    </message>
    <message>
        <location filename="../../widgets/day_close_tab.py" line="81"/>
        <source>Check</source>
        <translation>检查项</translation>
    </message>
    <message>
        <location filename="../../widgets/day_close_tab.py" line="81"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../widgets/day_close_tab.py" line="81"/>
        <source>What blocks it</source>
        <translation>待办事项</translation>
    </message>
    <message>
        <location filename="../../widgets/day_close_tab.py" line="82"/>
        <source>Check again</source>
        <translation>重新检查</translation>
    </message>
    <message>
        <location filename="../../widgets/day_close_tab.py" line="93"/>
        <source>done ✓</source>
        <translation>已完成 ✓</translation>
    </message>
    <message>
        <location filename="../../widgets/day_close_tab.py" line="93"/>
        <source>open ✗</source>
        <translation>未完成 ✗</translation>
    </message>
    <message>
        <location filename="../../widgets/day_close_tab.py" line="98"/>
        <source>The day cannot close yet: %1 check(s) open.</source>
        <translation>尚不能日终：%1 项未完成。</translation>
    </message>
    <message>
        <location filename="../../widgets/day_close_tab.py" line="101"/>
        <source>Everything is accounted for: the day may close.</source>
        <translation>各项均已完成，可以日终。</translation>
    </message>
    <message>
        <location filename="../../widgets/day_close_tab.py" line="119"/>
        <source>Report printed.</source>
        <translation>报表已打印。</translation>
    </message>
</context>
<context>
    <name>DenominationEditor</name>
    <message>
        <location filename="../../widgets/denominations.py" line="43"/>
        <source>yuan</source>
        <translation>元</translation>
    </message>
    <message>
        <location filename="../../widgets/denominations.py" line="43"/>
        <source>note</source>
        <translation>纸币</translation>
    </message>
    <message>
        <location filename="../../widgets/denominations.py" line="43"/>
        <source>coin</source>
        <translation>硬币</translation>
    </message>
    <message>
        <location filename="../../widgets/denominations.py" line="64"/>
        <source>Total: %1</source>
        <translation>合计：%1</translation>
    </message>
</context>
<context>
    <name>Details</name>
    <message>
        <location filename="../../widgets/messages.py" line="203"/>
        <source>This badge was reported lost and is blacklisted. Contact a supervisor.</source>
        <translation>该工牌已挂失并列入黑名单，请联系主管。</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="204"/>
        <source>This badge is locked after too many wrong PINs. A supervisor must unlock it.</source>
        <translation>该工牌因密码错误次数过多已锁定，须由主管解锁。</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="205"/>
        <source>The staff member of this badge is not active.</source>
        <translation>该工牌的员工已停用。</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="206"/>
        <source>This badge is not enrolled at this branch.</source>
        <translation>该工牌未在本网点登记。</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="207"/>
        <source>Give the item a name (e.g. 转讫章).</source>
        <translation>请填写物品名称（如 转讫章）。</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="208"/>
        <source>Write down what the customer said (the outcome of the contact).</source>
        <translation>请记录客户的答复（联系结果）。</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="209"/>
        <source>Enter the purpose of the large cash transaction.</source>
        <translation>请填写大额现金交易的用途。</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="210"/>
        <source>enter an amount</source>
        <translation>请输入金额</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="211"/>
        <source>misplaced comma: commas only separate thousands before the decimal point</source>
        <translation>逗号位置错误：逗号只用于小数点前的千位分隔</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="212"/>
        <source>spaces are not allowed inside an amount</source>
        <translation>金额中不能有空格</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="213"/>
        <source>the amount cannot be negative</source>
        <translation>金额不能为负数</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="214"/>
        <source>the amount has more than one decimal point</source>
        <translation>金额中有多个小数点</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="215"/>
        <source>the amount has more than two decimal places (yuan and fen only)</source>
        <translation>金额超过两位小数（只到元、角、分）</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="216"/>
        <source>the amount must be greater than zero</source>
        <translation>金额必须大于零</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="217"/>
        <source>A passport number is 5 to 20 letters and digits.</source>
        <translation>护照号码为 5 至 20 位字母和数字。</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="218"/>
        <source>A resident ID number is 17 digits followed by a digit or X.</source>
        <translation>居民身份证号码为 17 位数字加 1 位数字或 X。</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="219"/>
        <source>An ID number is 4 to 30 letters and digits (brackets allowed).</source>
        <translation>证件号码为 4 至 30 位字母和数字（可含括号）。</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="220"/>
        <source>Enter the ID number.</source>
        <translation>请输入证件号码。</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="221"/>
        <source>The last character (check digit) does not match: the number is mistyped.</source>
        <translation>最后一位校验码不符：号码输入有误。</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="222"/>
        <source>Sign in first.</source>
        <translation>请先签到。</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="223"/>
        <source>You were signed off at this workstation. Sign in again.</source>
        <translation>您已在本终端被签退，请重新签到。</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="224"/>
        <source>The second person is not identified: present a badge.</source>
        <translation>第二人身份未确认：请刷工牌。</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="225"/>
        <source>This needs a remote authorisation from the supervisor&apos;s workstation.</source>
        <translation>此交易需要主管在其终端远程授权。</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="226"/>
        <source>This request was already decided; it cannot be cancelled.</source>
        <translation>该请求已处理，不能撤销。</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="227"/>
        <source>This approval is for another request.</source>
        <translation>该授权属于另一笔请求。</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="228"/>
        <source>Give the reason for the reversal.</source>
        <translation>请填写冲正原因。</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="229"/>
        <source>Give the teller the reason for returning the posting.</source>
        <translation>请填写退回原因。</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="230"/>
        <source>Nobody may authorise their own transaction: another supervisor must present a badge.</source>
        <translation>不得授权本人的交易：须由另一位主管刷卡授权。</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="231"/>
        <source>A reviewer never reviews their own postings: another reviewer must check them.</source>
        <translation>复核员不得复核本人的交易：须由另一位复核员复核。</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="232"/>
        <source>Both parties of a handover must be different people.</source>
        <translation>交接双方必须是不同的人。</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="233"/>
        <source>The screen is locked: enter your PIN to continue.</source>
        <translation>屏幕已锁定：请输入密码继续。</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="234"/>
        <source>Give the teller a reason for the rejection.</source>
        <translation>请填写拒绝原因。</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="235"/>
        <source>Your till is already open.</source>
        <translation>您的尾箱已经打开。</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="236"/>
        <source>Open your till from the vault first.</source>
        <translation>请先从金库领取尾箱。</translation>
    </message>
</context>
<context>
    <name>DeviceActions</name>
    <message>
        <location filename="../../widgets/device_actions.py" line="31"/>
        <source>&amp;Setup</source>
        <translation>设置(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../widgets/device_actions.py" line="32"/>
        <source>Devices…</source>
        <translation>外设…</translation>
    </message>
    <message>
        <location filename="../../widgets/device_actions.py" line="62"/>
        <source>Badge reader: connected</source>
        <translation>工牌读卡器：已连接</translation>
    </message>
    <message>
        <location filename="../../widgets/device_actions.py" line="62"/>
        <source>Badge reader: stopped</source>
        <translation>工牌读卡器：已停止</translation>
    </message>
    <message>
        <location filename="../../widgets/device_actions.py" line="63"/>
        <source>Badge reader: DISCONNECTED</source>
        <translation>工牌读卡器：已断开</translation>
    </message>
    <message>
        <location filename="../../widgets/device_actions.py" line="63"/>
        <source>Badge reader: ERROR</source>
        <translation>工牌读卡器：故障</translation>
    </message>
    <message>
        <location filename="../../widgets/device_actions.py" line="78"/>
        <source>Only a supervisor may change the devices while signed in.</source>
        <translation>签到状态下只有授权人可以修改设备设置。</translation>
    </message>
</context>
<context>
    <name>DevicePanel</name>
    <message>
        <location filename="../../widgets/device_panel.py" line="71"/>
        <source>Option</source>
        <translation>选项</translation>
    </message>
    <message>
        <location filename="../../widgets/device_panel.py" line="71"/>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <location filename="../../widgets/device_panel.py" line="75"/>
        <source>Add option</source>
        <translation>添加选项</translation>
    </message>
    <message>
        <location filename="../../widgets/device_panel.py" line="77"/>
        <source>Test</source>
        <translation>测试</translation>
    </message>
    <message>
        <location filename="../../widgets/device_panel.py" line="82"/>
        <source>Plugin</source>
        <translation>插件</translation>
    </message>
    <message>
        <location filename="../../widgets/device_panel.py" line="99"/>
        <source>%1 (unavailable: %2)</source>
        <translation>%1（不可用：%2）</translation>
    </message>
</context>
<context>
    <name>DeviceReasons</name>
    <message>
        <location filename="../../widgets/device_panel.py" line="36"/>
        <source>no hardware: badges are presented on screen</source>
        <translation>无硬件：在屏幕上出示工牌</translation>
    </message>
    <message>
        <location filename="../../widgets/device_panel.py" line="37"/>
        <source>pyserial is not installed</source>
        <translation>未安装串口组件（pyserial）</translation>
    </message>
    <message>
        <location filename="../../widgets/device_panel.py" line="38"/>
        <source>pyserial available</source>
        <translation>串口组件可用</translation>
    </message>
    <message>
        <location filename="../../widgets/device_panel.py" line="39"/>
        <source>pyscard is not installed (pip install pyscard)</source>
        <translation>未安装智能卡组件（pyscard）</translation>
    </message>
    <message>
        <location filename="../../widgets/device_panel.py" line="41"/>
        <source>technical detail in the tooltip</source>
        <translation>不可用，技术原因见鼠标提示</translation>
    </message>
</context>
<context>
    <name>DeviceSettingsDialog</name>
    <message>
        <location filename="../../widgets/device_settings.py" line="47"/>
        <source>Devices</source>
        <translation>外设</translation>
    </message>
    <message>
        <location filename="../../widgets/device_settings.py" line="51"/>
        <source>Card reader</source>
        <translation>读卡器</translation>
    </message>
    <message>
        <location filename="../../widgets/device_settings.py" line="51"/>
        <source>Badge reader</source>
        <translation>工牌读卡器</translation>
    </message>
    <message>
        <location filename="../../widgets/device_settings.py" line="51"/>
        <source>Printer</source>
        <translation>打印机</translation>
    </message>
    <message>
        <location filename="../../widgets/device_settings.py" line="58"/>
        <source>Looking for device plugins…</source>
        <translation>正在查找外设插件…</translation>
    </message>
    <message>
        <location filename="../../widgets/device_settings.py" line="98"/>
        <source>connected</source>
        <translation>已连接</translation>
    </message>
    <message>
        <location filename="../../widgets/device_settings.py" line="98"/>
        <source>disconnected</source>
        <translation>已断开</translation>
    </message>
    <message>
        <location filename="../../widgets/device_settings.py" line="99"/>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <location filename="../../widgets/device_settings.py" line="99"/>
        <source>error</source>
        <translation>故障</translation>
    </message>
    <message>
        <location filename="../../widgets/device_settings.py" line="101"/>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../../widgets/device_settings.py" line="102"/>
        <source>In use: %1</source>
        <translation>当前使用：%1</translation>
    </message>
    <message>
        <location filename="../../widgets/device_settings.py" line="118"/>
        <source>Printing a test page…</source>
        <translation>正在打印测试页…</translation>
    </message>
    <message>
        <location filename="../../widgets/device_settings.py" line="120"/>
        <source>Printed: %1</source>
        <translation>已打印：%1</translation>
    </message>
    <message>
        <location filename="../../widgets/device_settings.py" line="125"/>
        <source>Present a badge within %1 s…</source>
        <translation>请在 %1 秒内刷工牌…</translation>
    </message>
    <message>
        <location filename="../../widgets/device_settings.py" line="125"/>
        <source>Insert a card within %1 s…</source>
        <translation>请在 %1 秒内插卡…</translation>
    </message>
    <message>
        <location filename="../../widgets/device_settings.py" line="164"/>
        <location filename="../../widgets/device_settings.py" line="168"/>
        <source>Badge read: %1</source>
        <translation>读到工牌：%1</translation>
    </message>
    <message>
        <location filename="../../widgets/device_settings.py" line="180"/>
        <source>Card read: %1 %2</source>
        <translation>读到银行卡：%1 %2</translation>
    </message>
    <message>
        <location filename="../../widgets/device_settings.py" line="183"/>
        <source>Card error: %1</source>
        <translation>读卡故障：%1</translation>
    </message>
    <message>
        <location filename="../../widgets/device_settings.py" line="185"/>
        <source>Card removed before it was read.</source>
        <translation>卡片在读取完成前被拔出。</translation>
    </message>
    <message>
        <location filename="../../widgets/device_settings.py" line="187"/>
        <source>Card inserted, reading…</source>
        <translation>已插卡，正在读取…</translation>
    </message>
    <message>
        <location filename="../../widgets/device_settings.py" line="192"/>
        <source>Nothing within %1 s.</source>
        <translation>%1 秒内未读到任何内容。</translation>
    </message>
    <message>
        <location filename="../../widgets/device_settings.py" line="219"/>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <location filename="../../widgets/device_settings.py" line="226"/>
        <source>Saved to %1.</source>
        <translation>已保存到 %1。</translation>
    </message>
</context>
<context>
    <name>ExceptionsTab</name>
    <message>
        <location filename="../../widgets/exceptions_tab.py" line="20"/>
        <source>Open</source>
        <translation>待处理</translation>
    </message>
    <message>
        <location filename="../../widgets/exceptions_tab.py" line="21"/>
        <source>Customer contacted</source>
        <translation>已联系客户</translation>
    </message>
    <message>
        <location filename="../../widgets/exceptions_tab.py" line="22"/>
        <source>Reversed</source>
        <translation>已冲回</translation>
    </message>
    <message>
        <location filename="../../widgets/exceptions_tab.py" line="23"/>
        <source>Written off</source>
        <translation>已核销</translation>
    </message>
    <message>
        <location filename="../../widgets/exceptions_tab.py" line="24"/>
        <source>Key reused, no cash moved</source>
        <translation>流水号重复，未收付现金</translation>
    </message>
    <message>
        <location filename="../../widgets/exceptions_tab.py" line="27"/>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <location filename="../../widgets/exceptions_tab.py" line="28"/>
        <source>SMS</source>
        <translation>短信</translation>
    </message>
    <message>
        <location filename="../../widgets/exceptions_tab.py" line="29"/>
        <source>In person</source>
        <translation>面谈</translation>
    </message>
    <message>
        <location filename="../../widgets/exceptions_tab.py" line="30"/>
        <source>Letter</source>
        <translation>信函</translation>
    </message>
    <message>
        <location filename="../../widgets/exceptions_tab.py" line="31"/>
        <source>Paid out</source>
        <translation>已付现</translation>
    </message>
    <message>
        <location filename="../../widgets/exceptions_tab.py" line="32"/>
        <source>Taken in</source>
        <translation>已收现</translation>
    </message>
    <message>
        <location filename="../../widgets/exceptions_tab.py" line="90"/>
        <source>Exception queue</source>
        <translation>异常队列</translation>
    </message>
    <message>
        <location filename="../../widgets/exceptions_tab.py" line="92"/>
        <source>Item</source>
        <translation>编号</translation>
    </message>
    <message>
        <location filename="../../widgets/exceptions_tab.py" line="92"/>
        <source>Refused at</source>
        <translation>拒绝时间</translation>
    </message>
    <message>
        <location filename="../../widgets/exceptions_tab.py" line="92"/>
        <source>Workstation</source>
        <translation>终端</translation>
    </message>
    <message>
        <location filename="../../widgets/exceptions_tab.py" line="92"/>
        <source>Teller</source>
        <translation>柜员</translation>
    </message>
    <message>
        <location filename="../../widgets/exceptions_tab.py" line="92"/>
        <source>Account</source>
        <translation>账号</translation>
    </message>
    <message>
        <location filename="../../widgets/exceptions_tab.py" line="93"/>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <location filename="../../widgets/exceptions_tab.py" line="93"/>
        <source>Cash</source>
        <translation>现金</translation>
    </message>
    <message>
        <location filename="../../widgets/exceptions_tab.py" line="93"/>
        <source>Core&apos;s reason</source>
        <translation>核心拒绝原因</translation>
    </message>
    <message>
        <location filename="../../widgets/exceptions_tab.py" line="93"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../widgets/exceptions_tab.py" line="93"/>
        <source>Contacts</source>
        <translation>联系记录</translation>
    </message>
    <message>
        <location filename="../../widgets/exceptions_tab.py" line="99"/>
        <source>What the customer said (Enter records the contact)</source>
        <translation>客户答复（回车登记联系）</translation>
    </message>
    <message>
        <location filename="../../widgets/exceptions_tab.py" line="100"/>
        <source>Record contact</source>
        <translation>登记联系</translation>
    </message>
    <message>
        <location filename="../../widgets/exceptions_tab.py" line="101"/>
        <source>Reason for the reversal or write-off</source>
        <translation>冲回或核销原因</translation>
    </message>
    <message>
        <location filename="../../widgets/exceptions_tab.py" line="102"/>
        <source>Reverse: cash back (Ctrl+R)</source>
        <translation>冲回：现金退回 (Ctrl+R)</translation>
    </message>
    <message>
        <location filename="../../widgets/exceptions_tab.py" line="103"/>
        <source>Write off loss (Ctrl+W)</source>
        <translation>损失核销 (Ctrl+W)</translation>
    </message>
    <message>
        <location filename="../../widgets/exceptions_tab.py" line="104"/>
        <source>Print day report</source>
        <translation>打印异常日报</translation>
    </message>
    <message>
        <location filename="../../widgets/exceptions_tab.py" line="148"/>
        <source>Branch: %1 open, %2 · written off today: %3</source>
        <translation>全网点：待处理 %1 笔，%2 · 今日核销：%3</translation>
    </message>
    <message>
        <location filename="../../widgets/exceptions_tab.py" line="180"/>
        <source>Select an exception first.</source>
        <translation>请先选择一笔异常。</translation>
    </message>
    <message>
        <location filename="../../widgets/exceptions_tab.py" line="190"/>
        <source>Contact with the customer recorded for %1.</source>
        <translation>已登记 %1 的客户联系。</translation>
    </message>
    <message>
        <location filename="../../widgets/exceptions_tab.py" line="201"/>
        <source>Reverse exception %1</source>
        <translation>异常冲回 %1</translation>
    </message>
    <message>
        <location filename="../../widgets/exceptions_tab.py" line="201"/>
        <source>%1 reversed; the till is updated.</source>
        <translation>%1 已冲回，尾箱已更新。</translation>
    </message>
    <message>
        <location filename="../../widgets/exceptions_tab.py" line="203"/>
        <source>Write off exception %1</source>
        <translation>损失核销 %1</translation>
    </message>
    <message>
        <location filename="../../widgets/exceptions_tab.py" line="203"/>
        <source>%1 written off.</source>
        <translation>%1 已核销。</translation>
    </message>
    <message>
        <location filename="../../widgets/exceptions_tab.py" line="229"/>
        <source>Exception report printed: %1</source>
        <translation>异常日报已打印：%1</translation>
    </message>
</context>
<context>
    <name>JournalView</name>
    <message>
        <location filename="../../widgets/journal_view.py" line="59"/>
        <source>Date (year-month-day)</source>
        <translation>日期（年-月-日）</translation>
    </message>
    <message>
        <location filename="../../widgets/journal_view.py" line="60"/>
        <location filename="../../widgets/journal_view.py" line="69"/>
        <source>Code</source>
        <translation>交易码</translation>
    </message>
    <message>
        <location filename="../../widgets/journal_view.py" line="61"/>
        <source>Account (part)</source>
        <translation>账号（部分）</translation>
    </message>
    <message>
        <location filename="../../widgets/journal_view.py" line="62"/>
        <location filename="../../widgets/journal_view.py" line="69"/>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <location filename="../../widgets/journal_view.py" line="63"/>
        <location filename="../../widgets/journal_view.py" line="68"/>
        <source>Teller</source>
        <translation>柜员</translation>
    </message>
    <message>
        <location filename="../../widgets/journal_view.py" line="64"/>
        <source>Search</source>
        <translation>查询</translation>
    </message>
    <message>
        <location filename="../../widgets/journal_view.py" line="65"/>
        <source>Reprint receipt</source>
        <translation>重打回单</translation>
    </message>
    <message>
        <location filename="../../widgets/journal_view.py" line="66"/>
        <source>Reason for the reversal (错账冲正)</source>
        <translation>冲正原因（错账冲正）</translation>
    </message>
    <message>
        <location filename="../../widgets/journal_view.py" line="67"/>
        <source>Reverse posting</source>
        <translation>冲正</translation>
    </message>
    <message>
        <location filename="../../widgets/journal_view.py" line="68"/>
        <source>Seq</source>
        <translation>流水号</translation>
    </message>
    <message>
        <location filename="../../widgets/journal_view.py" line="68"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../widgets/journal_view.py" line="68"/>
        <source>Event</source>
        <translation>事件</translation>
    </message>
    <message>
        <location filename="../../widgets/journal_view.py" line="69"/>
        <source>Account</source>
        <translation>账号</translation>
    </message>
    <message>
        <location filename="../../widgets/journal_view.py" line="70"/>
        <source>Details</source>
        <translation>详情</translation>
    </message>
    <message>
        <location filename="../../widgets/journal_view.py" line="100"/>
        <source>REVERSED</source>
        <translation>已冲正</translation>
    </message>
    <message>
        <location filename="../../widgets/journal_view.py" line="104"/>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <location filename="../../widgets/journal_view.py" line="126"/>
        <location filename="../../widgets/journal_view.py" line="137"/>
        <source>Select a posting in the journal first.</source>
        <translation>请先在流水中选择一笔交易。</translation>
    </message>
    <message>
        <location filename="../../widgets/journal_view.py" line="129"/>
        <source>Give the reason for the reversal.</source>
        <translation>请填写冲正原因。</translation>
    </message>
</context>
<context>
    <name>LargeCashDialog</name>
    <message>
        <location filename="../../widgets/large_cash_dialog.py" line="18"/>
        <source>Large cash: customer identification</source>
        <translation>大额现金：客户身份登记</translation>
    </message>
    <message>
        <location filename="../../widgets/large_cash_dialog.py" line="21"/>
        <source>50,000 or more in cash today: the central bank&apos;s rule asks for the customer&apos;s ID and the purpose.</source>
        <translation>当日现金达到 5 万元及以上：按人民银行规定登记客户证件和用途。</translation>
    </message>
    <message>
        <location filename="../../widgets/large_cash_dialog.py" line="29"/>
        <source>ID type</source>
        <translation>证件类型</translation>
    </message>
    <message>
        <location filename="../../widgets/large_cash_dialog.py" line="30"/>
        <source>ID number</source>
        <translation>证件号码</translation>
    </message>
    <message>
        <location filename="../../widgets/large_cash_dialog.py" line="31"/>
        <source>Purpose</source>
        <translation>用途</translation>
    </message>
</context>
<context>
    <name>LobbyWorkspace</name>
    <message>
        <location filename="../../widgets/lobby_workspace.py" line="163"/>
        <source>Queue 排队</source>
        <translation>排队</translation>
    </message>
    <message>
        <location filename="../../widgets/lobby_workspace.py" line="163"/>
        <source>VIP alerts 贵宾提醒</source>
        <translation>贵宾提醒</translation>
    </message>
    <message>
        <location filename="../../widgets/lobby_workspace.py" line="164"/>
        <source>Complaints 投诉</source>
        <translation>投诉</translation>
    </message>
    <message>
        <location filename="../../widgets/lobby_workspace.py" line="164"/>
        <source>Service report 服务日报</source>
        <translation>服务日报</translation>
    </message>
    <message>
        <location filename="../../widgets/lobby_workspace.py" line="174"/>
        <location filename="../../widgets/lobby_workspace.py" line="179"/>
        <location filename="../../widgets/lobby_workspace.py" line="197"/>
        <source>Service</source>
        <translation>业务类型</translation>
    </message>
    <message>
        <location filename="../../widgets/lobby_workspace.py" line="174"/>
        <location filename="../../widgets/lobby_workspace.py" line="181"/>
        <location filename="../../widgets/lobby_workspace.py" line="184"/>
        <location filename="../../widgets/lobby_workspace.py" line="188"/>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <location filename="../../widgets/lobby_workspace.py" line="175"/>
        <source>Account (VIP check)</source>
        <translation>账号（识别贵宾）</translation>
    </message>
    <message>
        <location filename="../../widgets/lobby_workspace.py" line="175"/>
        <source>Pre-filled transaction</source>
        <translation>预填交易</translation>
    </message>
    <message>
        <location filename="../../widgets/lobby_workspace.py" line="176"/>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <location filename="../../widgets/lobby_workspace.py" line="178"/>
        <source>Issue ticket 取号 (F2)</source>
        <translation>取号 (F2)</translation>
    </message>
    <message>
        <location filename="../../widgets/lobby_workspace.py" line="179"/>
        <source>Waiting</source>
        <translation>等候人数</translation>
    </message>
    <message>
        <location filename="../../widgets/lobby_workspace.py" line="179"/>
        <source>Next</source>
        <translation>下一号</translation>
    </message>
    <message>
        <location filename="../../widgets/lobby_workspace.py" line="180"/>
        <location filename="../../widgets/lobby_workspace.py" line="182"/>
        <source>Counter</source>
        <translation>柜台</translation>
    </message>
    <message>
        <location filename="../../widgets/lobby_workspace.py" line="180"/>
        <source>Serving</source>
        <translation>正在办理</translation>
    </message>
    <message>
        <location filename="../../widgets/lobby_workspace.py" line="181"/>
        <location filename="../../widgets/lobby_workspace.py" line="188"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../widgets/lobby_workspace.py" line="181"/>
        <source>Level</source>
        <translation>等级</translation>
    </message>
    <message>
        <location filename="../../widgets/lobby_workspace.py" line="182"/>
        <location filename="../../widgets/lobby_workspace.py" line="185"/>
        <source>Ticket</source>
        <translation>号票</translation>
    </message>
    <message>
        <location filename="../../widgets/lobby_workspace.py" line="183"/>
        <source>Acknowledge 已接待 (F4)</source>
        <translation>已接待 (F4)</translation>
    </message>
    <message>
        <location filename="../../widgets/lobby_workspace.py" line="184"/>
        <source>Contact</source>
        <translation>联系方式</translation>
    </message>
    <message>
        <location filename="../../widgets/lobby_workspace.py" line="185"/>
        <location filename="../../widgets/lobby_workspace.py" line="189"/>
        <source>Complaint</source>
        <translation>投诉内容</translation>
    </message>
    <message>
        <location filename="../../widgets/lobby_workspace.py" line="187"/>
        <source>Record complaint 登记投诉 (F6)</source>
        <translation>登记投诉 (F6)</translation>
    </message>
    <message>
        <location filename="../../widgets/lobby_workspace.py" line="188"/>
        <source>No.</source>
        <translation>编号</translation>
    </message>
    <message>
        <location filename="../../widgets/lobby_workspace.py" line="189"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../widgets/lobby_workspace.py" line="190"/>
        <source>Follow-up 跟进</source>
        <translation>跟进</translation>
    </message>
    <message>
        <location filename="../../widgets/lobby_workspace.py" line="190"/>
        <source>Reply 回复</source>
        <translation>回复</translation>
    </message>
    <message>
        <location filename="../../widgets/lobby_workspace.py" line="191"/>
        <source>Close 办结</source>
        <translation>办结</translation>
    </message>
    <message>
        <location filename="../../widgets/lobby_workspace.py" line="195"/>
        <source>Add step (F7)</source>
        <translation>添加处理记录 (F7)</translation>
    </message>
    <message>
        <location filename="../../widgets/lobby_workspace.py" line="197"/>
        <source>Tickets</source>
        <translation>取号数</translation>
    </message>
    <message>
        <location filename="../../widgets/lobby_workspace.py" line="197"/>
        <source>Served</source>
        <translation>已办理</translation>
    </message>
    <message>
        <location filename="../../widgets/lobby_workspace.py" line="197"/>
        <source>No show</source>
        <translation>过号</translation>
    </message>
    <message>
        <location filename="../../widgets/lobby_workspace.py" line="197"/>
        <source>Waiting now</source>
        <translation>仍在等候</translation>
    </message>
    <message>
        <location filename="../../widgets/lobby_workspace.py" line="198"/>
        <source>Mean wait</source>
        <translation>平均等候</translation>
    </message>
    <message>
        <location filename="../../widgets/lobby_workspace.py" line="198"/>
        <source>Longest wait</source>
        <translation>最长等候</translation>
    </message>
    <message>
        <location filename="../../widgets/lobby_workspace.py" line="198"/>
        <source>Mean service</source>
        <translation>平均办理</translation>
    </message>
    <message>
        <location filename="../../widgets/lobby_workspace.py" line="207"/>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <location filename="../../widgets/lobby_workspace.py" line="235"/>
        <source>open</source>
        <translation>待处理</translation>
    </message>
    <message>
        <location filename="../../widgets/lobby_workspace.py" line="235"/>
        <source>replied</source>
        <translation>已回复</translation>
    </message>
    <message>
        <location filename="../../widgets/lobby_workspace.py" line="235"/>
        <source>closed</source>
        <translation>已办结</translation>
    </message>
    <message>
        <location filename="../../widgets/lobby_workspace.py" line="242"/>
        <source>Complaints today: %1 (open: %2) · VIP customers seen: %3</source>
        <translation>今日投诉：%1（未办结：%2）· 识别贵宾：%3 人次</translation>
    </message>
    <message>
        <location filename="../../widgets/lobby_workspace.py" line="264"/>
        <source>Ticket %1 issued.</source>
        <translation>已取号 %1。</translation>
    </message>
    <message>
        <location filename="../../widgets/lobby_workspace.py" line="265"/>
        <source>VIP customer: tell the counter.</source>
        <translation>贵宾客户：请通知柜台。</translation>
    </message>
    <message>
        <location filename="../../widgets/lobby_workspace.py" line="277"/>
        <source>Select a VIP alert first.</source>
        <translation>请先选择一条贵宾提醒。</translation>
    </message>
    <message>
        <location filename="../../widgets/lobby_workspace.py" line="281"/>
        <source>VIP alert acknowledged.</source>
        <translation>贵宾提醒已确认接待。</translation>
    </message>
    <message>
        <location filename="../../widgets/lobby_workspace.py" line="292"/>
        <source>Complaint %1 recorded.</source>
        <translation>投诉 %1 已登记。</translation>
    </message>
    <message>
        <location filename="../../widgets/lobby_workspace.py" line="301"/>
        <source>Select a complaint first.</source>
        <translation>请先选择一条投诉。</translation>
    </message>
    <message>
        <location filename="../../widgets/lobby_workspace.py" line="308"/>
        <source>Complaint %1 updated.</source>
        <translation>投诉 %1 已更新。</translation>
    </message>
</context>
<context>
    <name>LockPage</name>
    <message>
        <location filename="../../widgets/lock_page.py" line="32"/>
        <source>Locked (away from the counter): %1</source>
        <translation>已暂离锁屏：%1</translation>
    </message>
    <message>
        <location filename="../../widgets/lock_page.py" line="33"/>
        <source>Your PIN to continue</source>
        <translation>输入密码继续</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../widgets/main_window.py" line="79"/>
        <source>Starting…</source>
        <translation>正在启动…</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="173"/>
        <source>Teller workstation</source>
        <translation>柜员工作站</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="174"/>
        <source>&amp;Till</source>
        <translation>尾箱(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="176"/>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="200"/>
        <source>Workstation %1</source>
        <translation>终端 %1</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="204"/>
        <source>Not signed in</source>
        <translation>未签到</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="232"/>
        <source>Branch: online</source>
        <translation>网点服务器：联机</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="244"/>
        <source>Core: degraded (%1 waiting for a retry)</source>
        <translation>主机：不稳定（%1 笔待重试）</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="245"/>
        <source>Core: catching up (%1 to send)</source>
        <translation>主机：补发中（还有 %1 笔）</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="255"/>
        <source>The core banking system answers with errors: postings wait for a retry.</source>
        <translation>核心系统应答出错：交易等待重试。</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="271"/>
        <source>The branch server cannot be reached: working from the copy kept here until it is back.</source>
        <translation>无法连接网点服务器：在恢复之前使用本机保存的数据工作。</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="232"/>
        <source>Branch: OFFLINE (journal kept here)</source>
        <translation>网点服务器：脱机（流水暂存本机）</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="233"/>
        <source>Branch: journal REFUSED at %1</source>
        <translation>网点服务器：流水 %1 被拒收</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="221"/>
        <source>The branch server is back: sign-ins, the journal and reference data are caught up.</source>
        <translation>网点服务器已恢复：签到记录、流水和参数数据已同步。</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="128"/>
        <source>Business date %1</source>
        <translation>营业日期 %1</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="175"/>
        <source>&amp;Session</source>
        <translation>签到签退(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="177"/>
        <source>Open till</source>
        <translation>尾箱出库</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="177"/>
        <source>Intra-day balance</source>
        <translation>轧账</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="178"/>
        <source>Sell back to vault</source>
        <translation>现金上缴金库</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="178"/>
        <source>Close till</source>
        <translation>尾箱上缴/日终</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="179"/>
        <source>Lock screen (away)</source>
        <translation>暂离锁屏</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="179"/>
        <source>Sign off</source>
        <translation>签退</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="226"/>
        <source>Sign-in conflict, tell a supervisor: %1</source>
        <translation>签到冲突，请告知主管：%1</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="243"/>
        <source>Core: online</source>
        <translation>主机：联机</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="243"/>
        <source>Core: OFFLINE</source>
        <translation>主机：脱机</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="248"/>
        <source>(%1 waiting)</source>
        <translation>(%1 笔待发送)</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="260"/>
        <source>The core banking system is back online.</source>
        <translation>核心主机已恢复联机。</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="261"/>
        <source>The core banking system does not answer: working offline within the offline limits.</source>
        <translation>核心主机无应答：在脱机限额内脱机营业。</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="280"/>
        <source>The workstation could not start: %1</source>
        <translation>工作站无法启动：%1</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="320"/>
        <source>Locked after inactivity.</source>
        <translation>长时间无操作，已自动锁屏。</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="463"/>
        <source>Printer: %1 The voucher waits in the print queue (%2 waiting) and prints when the printer is back.</source>
        <translation>打印机：%1 凭证已进入打印队列（%2 笔待打），打印机恢复后自动打印。</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="469"/>
        <source>Voucher printed.</source>
        <translation>凭证已打印。</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="481"/>
        <source>Receipt printed</source>
        <translation>回单已打印</translation>
    </message>
    <message>
        <location filename="../../widgets/main_window.py" line="481"/>
        <source>open</source>
        <translation>待处理</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <location filename="../../widgets/messages.py" line="20"/>
        <location filename="../../widgets/messages.py" line="118"/>
        <source>Invalid amount</source>
        <translation>金额无效</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="21"/>
        <source>Wrong PIN</source>
        <translation>密码错误</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="22"/>
        <source>Badge locked</source>
        <translation>工牌已锁定</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="23"/>
        <source>Badge blacklisted (reported lost)</source>
        <translation>工牌已挂失（黑名单）</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="24"/>
        <source>Unknown badge</source>
        <translation>工牌未登记</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="25"/>
        <source>Already signed in elsewhere</source>
        <translation>已在其他终端签到</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="26"/>
        <source>Not enough cash in the till</source>
        <translation>尾箱现金不足</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="27"/>
        <source>Not enough cash in the vault</source>
        <translation>金库现金不足</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="28"/>
        <source>Denominations do not add up</source>
        <translation>券别合计与金额不符</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="29"/>
        <source>Invalid count</source>
        <translation>张数无效</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="30"/>
        <source>Till not open</source>
        <translation>尾箱未出库</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="31"/>
        <source>Till already open</source>
        <translation>尾箱已出库</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="32"/>
        <source>Core banking system not reachable</source>
        <translation>核心主机不可达</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="33"/>
        <source>Rejected by the core banking system</source>
        <translation>核心主机拒绝</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="34"/>
        <source>Not permitted</source>
        <translation>无权操作</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="35"/>
        <source>Self-authorisation refused</source>
        <translation>不得自我授权</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="36"/>
        <source>Authorisation required</source>
        <translation>需要授权</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="37"/>
        <source>Screen locked</source>
        <translation>已锁屏</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="38"/>
        <source>Not signed in</source>
        <translation>未签到</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="39"/>
        <source>Unknown transaction code</source>
        <translation>交易码不存在</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="40"/>
        <source>No keyring for the journal key</source>
        <translation>流水密钥无可用密钥环</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="41"/>
        <source>Configuration error</source>
        <translation>配置错误</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="42"/>
        <source>Custody refused</source>
        <translation>保管操作被拒绝</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="92"/>
        <source>Business day closed</source>
        <translation>营业日已关闭</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="93"/>
        <source>Business day change refused</source>
        <translation>营业日开关被拒绝</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="94"/>
        <source>Statement file refused</source>
        <translation>对账单文件被拒绝</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="95"/>
        <source>Reconciliation step refused</source>
        <translation>对账操作被拒绝</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="43"/>
        <source>Review refused</source>
        <translation>复核被拒绝</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="44"/>
        <source>Already reviewed</source>
        <translation>已复核</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="45"/>
        <source>Exception step refused</source>
        <translation>异常处理被拒绝</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="46"/>
        <source>No such exception</source>
        <translation>无此异常记录</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="47"/>
        <source>Branch server not reachable</source>
        <translation>无法连接网点服务器</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="48"/>
        <source>Posting key conflict at the core</source>
        <translation>核心系统记账流水号冲突</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="49"/>
        <source>Posting key reused with other content</source>
        <translation>记账流水号被重复使用且内容不同</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="51"/>
        <source>The core banking system refused the request</source>
        <translation>核心系统拒绝了该请求</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="52"/>
        <source>Unexpected answer from the core banking system</source>
        <translation>核心系统应答异常</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="53"/>
        <source>Not possible while offline</source>
        <translation>脱机时不能办理</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="54"/>
        <source>Reversal refused</source>
        <translation>冲正被拒绝</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="55"/>
        <source>Request already decided</source>
        <translation>该请求已处理</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="56"/>
        <source>Approval not usable</source>
        <translation>授权不可用</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="57"/>
        <source>Customer ID required</source>
        <translation>需要客户证件</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="58"/>
        <source>Invalid ID number</source>
        <translation>证件号码无效</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="59"/>
        <source>Passbook being printed</source>
        <translation>存折正在打印</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="60"/>
        <source>Unknown passbook</source>
        <translation>未知存折</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="61"/>
        <source>Nothing to resume</source>
        <translation>没有可继续的打印</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="62"/>
        <source>Journal check failed</source>
        <translation>流水校验失败</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="63"/>
        <source>Queue or complaint refused</source>
        <translation>排队或投诉操作被拒绝</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="64"/>
        <source>Ticket called by another counter</source>
        <translation>该号已由其他柜台叫号</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="65"/>
        <source>Enrolment refused</source>
        <translation>登记被拒绝</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="66"/>
        <source>Badge reader: unreadable frame</source>
        <translation>工牌读卡器：帧无法识别</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="67"/>
        <source>The card could not be read</source>
        <translation>无法读取银行卡</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="68"/>
        <source>Card removed</source>
        <translation>银行卡已拔出</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="69"/>
        <source>No usable application on the card</source>
        <translation>卡片上没有可用的应用</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="70"/>
        <source>Card blocked</source>
        <translation>卡片已锁定</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="71"/>
        <source>The card answered with a wrong length</source>
        <translation>卡片应答长度错误</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="72"/>
        <source>No card number on the card</source>
        <translation>卡片上没有卡号</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="73"/>
        <source>Unexpected answer from the card</source>
        <translation>卡片应答异常</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="74"/>
        <source>Malformed data on the card</source>
        <translation>卡片数据格式错误</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="75"/>
        <source>Card reader error</source>
        <translation>读卡器故障</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="76"/>
        <source>Printer error</source>
        <translation>打印机故障</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="77"/>
        <source>Printer offline</source>
        <translation>打印机未连接</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="78"/>
        <source>Printer out of paper</source>
        <translation>打印机缺纸</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="79"/>
        <source>This printer cannot print the document</source>
        <translation>该打印机不能打印此文档</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="80"/>
        <source>Voucher layout error</source>
        <translation>凭证版式错误</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="81"/>
        <source>Blank voucher step refused</source>
        <translation>重要空白凭证操作被拒绝</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="82"/>
        <source>Check the form</source>
        <translation>请检查表单</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="83"/>
        <source>Held posting step refused</source>
        <translation>待复核交易操作被拒绝</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="84"/>
        <source>Seal card refused</source>
        <translation>印鉴卡操作被拒绝</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="85"/>
        <source>Invalid cheque code line</source>
        <translation>票据磁码无效</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="86"/>
        <source>Clearing file refused</source>
        <translation>交换文件被拒收</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="87"/>
        <source>Clearing step refused</source>
        <translation>票据交换操作被拒绝</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="88"/>
        <source>Statement step refused</source>
        <translation>对账操作被拒绝</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="89"/>
        <source>Vault run handover refused</source>
        <translation>接送库交接被拒绝</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="90"/>
        <source>Seal use refused</source>
        <translation>用印被拒绝</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="97"/>
        <location filename="../../widgets/messages.py" line="332"/>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="98"/>
        <source>Unexpected error: %1. The journal is intact; tell the branch IT support.</source>
        <translation>意外错误：%1。流水完好，请联系网点科技支持。</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="114"/>
        <source>Insufficient funds in the account</source>
        <translation>账户余额不足</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="307"/>
        <source>the details are in the workstation&apos;s log</source>
        <translation>详情已记入工作站日志</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="50"/>
        <location filename="../../widgets/messages.py" line="115"/>
        <source>Unknown account</source>
        <translation>账户不存在</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="116"/>
        <source>The account is frozen</source>
        <translation>账户已冻结</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="117"/>
        <source>The account is closed</source>
        <translation>账户已销户</translation>
    </message>
</context>
<context>
    <name>PassbookPanel</name>
    <message>
        <location filename="../../widgets/passbook_panel.py" line="43"/>
        <source>Passbook number</source>
        <translation>存折号</translation>
    </message>
    <message>
        <location filename="../../widgets/passbook_panel.py" line="44"/>
        <source>Account (to register a new passbook)</source>
        <translation>账号（登记新存折时填写）</translation>
    </message>
    <message>
        <location filename="../../widgets/passbook_panel.py" line="45"/>
        <source>Register passbook</source>
        <translation>登记存折</translation>
    </message>
    <message>
        <location filename="../../widgets/passbook_panel.py" line="46"/>
        <source>Update passbook 补登 (F11)</source>
        <translation>补登存折 (F11)</translation>
    </message>
    <message>
        <location filename="../../widgets/passbook_panel.py" line="62"/>
        <source>Passbook %1 registered.</source>
        <translation>存折 %1 已登记。</translation>
    </message>
    <message>
        <location filename="../../widgets/passbook_panel.py" line="72"/>
        <source>%1 line(s) printed; page %2, next line %3; %4 still unprinted.</source>
        <translation>已打印 %1 行；第 %2 页，下一行 %3；尚有 %4 笔未登折。</translation>
    </message>
    <message>
        <location filename="../../widgets/passbook_panel.py" line="76"/>
        <source>The page is full. Turn the passbook to the next page and insert it again.</source>
        <translation>本页已满，请翻到下一页后重新插入存折。</translation>
    </message>
    <message>
        <location filename="../../widgets/passbook_panel.py" line="82"/>
        <source>Printing was interrupted. Are the last lines on the page?</source>
        <translation>打印中断。最后几行是否已打印在存折上？</translation>
    </message>
    <message>
        <location filename="../../widgets/passbook_panel.py" line="88"/>
        <source>Printer: %1 The lines wait and print on the next update.</source>
        <translation>打印机：%1 未打印的行将在下次补登时打印。</translation>
    </message>
    <message>
        <location filename="../../widgets/passbook_panel.py" line="94"/>
        <source>Passbook</source>
        <translation>存折</translation>
    </message>
</context>
<context>
    <name>Purposes</name>
    <message>
        <location filename="../../widgets/messages.py" line="292"/>
        <source>hand over cash from the vault</source>
        <translation>从金库交接现金</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="293"/>
        <source>take cash back into the vault</source>
        <translation>将现金收回金库</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="294"/>
        <source>receive a till at close</source>
        <translation>日终接收尾箱</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="295"/>
        <source>receive a till at close with an over or short</source>
        <translation>日终接收有长短款的尾箱</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="296"/>
        <source>change the authorisation rules</source>
        <translation>修改授权规则</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="297"/>
        <source>keep seals, pledge codes or blank vouchers</source>
        <translation>保管印章、密押或重要空白凭证</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="298"/>
        <source>register seals, pledge codes or blank vouchers</source>
        <translation>登记印章、密押或重要空白凭证</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="299"/>
        <source>witness a custody change of another keeper</source>
        <translation>监交其他保管人的物品</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="300"/>
        <source>review postings</source>
        <translation>复核记账</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="301"/>
        <source>record a customer contact for an exception</source>
        <translation>登记异常的客户联系</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="302"/>
        <source>unlock a badge</source>
        <translation>解锁工牌</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="303"/>
        <source>blacklist a badge</source>
        <translation>挂失工牌</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="304"/>
        <source>reverse an exception</source>
        <translation>冲回异常</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="305"/>
        <source>write off an exception</source>
        <translation>核销异常</translation>
    </message>
</context>
<context>
    <name>QueueCaller</name>
    <message>
        <location filename="../../widgets/queue_caller.py" line="46"/>
        <source>Queue 叫号</source>
        <translation>叫号</translation>
    </message>
    <message>
        <location filename="../../widgets/queue_caller.py" line="47"/>
        <source>Call next (F3)</source>
        <translation>叫下一号 (F3)</translation>
    </message>
    <message>
        <location filename="../../widgets/queue_caller.py" line="48"/>
        <source>Done (F4)</source>
        <translation>办结 (F4)</translation>
    </message>
    <message>
        <location filename="../../widgets/queue_caller.py" line="49"/>
        <source>No show</source>
        <translation>过号</translation>
    </message>
    <message>
        <location filename="../../widgets/queue_caller.py" line="74"/>
        <source>Nobody is waiting for this counter.</source>
        <translation>本柜台暂无等候客户。</translation>
    </message>
    <message>
        <location filename="../../widgets/queue_caller.py" line="76"/>
        <source>Ticket %1 called.</source>
        <translation>已叫号 %1。</translation>
    </message>
    <message>
        <location filename="../../widgets/queue_caller.py" line="78"/>
        <source>VIP customer: %1 (%2)</source>
        <translation>贵宾客户：%1（%2）</translation>
    </message>
</context>
<context>
    <name>Reasons</name>
    <message>
        <location filename="../../widgets/messages.py" line="129"/>
        <source>no authorisation rule for {action}</source>
        <translation>{action} 没有授权规则</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="130"/>
        <source>only {makers} may perform {name}</source>
        <translation>只有{makers}可以办理{name}</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="131"/>
        <source>{name} is not allowed at this branch</source>
        <translation>本网点不允许{name}</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="132"/>
        <source>{name} needs level {level} authorisation</source>
        <translation>{name}需要{level}级授权</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="133"/>
        <source>offline: {amount} is over the offline limit of {limit}</source>
        <translation>脱机：金额 {amount} 超过脱机限额 {limit}</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="134"/>
        <location filename="../../widgets/messages.py" line="154"/>
        <source>posting outside business hours</source>
        <translation>营业时间外记账</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="135"/>
        <source>the customer&apos;s cash today in this direction comes to {total} ({threshold} or more): large-value report and ID required</source>
        <translation>该客户今日同方向现金累计 {total}（达到 {threshold}）：需大额交易报告并登记证件</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="137"/>
        <source>{name} always needs level {level} authorisation</source>
        <translation>{name}一律需要{level}级授权</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="138"/>
        <source>amount {amount} is over the teller&apos;s limit of {limit} for {name}</source>
        <translation>金额 {amount} 超过柜员{name}权限 {limit}</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="139"/>
        <source>amount {amount} is over the level {level} limit of {limit} for {name}</source>
        <translation>金额 {amount} 超过{level}级授权{name}限额 {limit}</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="141"/>
        <source>amount {amount} is over the highest limit of {limit} for {name}</source>
        <translation>金额 {amount} 超过{name}最高限额 {limit}</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="142"/>
        <source>the teller&apos;s total today for {name} would be {total}, over the daily limit of {limit}</source>
        <translation>柜员今日{name}累计将达 {total}，超过日累计限额 {limit}</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="144"/>
        <source>no single role may authorise all of this</source>
        <translation>没有一个岗位能授权全部事项</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="148"/>
        <source>reversal of a wrong posting</source>
        <translation>错账冲正</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="149"/>
        <source>reversal of an earlier day&apos;s posting</source>
        <translation>隔日错账冲正</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="150"/>
        <source>over/short at close</source>
        <translation>日终长短款</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="151"/>
        <source>voiding a blank voucher</source>
        <translation>重要空白凭证作废</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="152"/>
        <source>unlocking a badge</source>
        <translation>解锁工牌</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="153"/>
        <source>posting while offline</source>
        <translation>脱机记账</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="155"/>
        <source>large cash</source>
        <translation>大额现金</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="156"/>
        <source>blacklisting a badge</source>
        <translation>工牌挂失（黑名单）</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="157"/>
        <source>forced sign-off</source>
        <translation>强制签退</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="158"/>
        <source>reversing a posting the core refused after the fact</source>
        <translation>冲回核心事后拒绝的交易</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="159"/>
        <source>writing off a loss</source>
        <translation>损失核销</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="160"/>
        <source>lifting a badge&apos;s blacklist</source>
        <translation>解除工牌挂失黑名单</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="161"/>
        <source>enrolling staff or a badge</source>
        <translation>人员或工牌登记</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="162"/>
        <source>changing a staff member&apos;s roles</source>
        <translation>人员岗位变更</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="196"/>
        <source>; </source>
        <translation>；</translation>
    </message>
</context>
<context>
    <name>ReceiptPreview</name>
    <message>
        <location filename="../../widgets/receipt_preview.py" line="13"/>
        <source>Receipt preview (simulated printer)</source>
        <translation>回单预览（模拟打印机）</translation>
    </message>
    <message>
        <location filename="../../widgets/receipt_preview.py" line="23"/>
        <source>Saved as %1</source>
        <translation>已保存为 %1</translation>
    </message>
</context>
<context>
    <name>RemoteWaitDialog</name>
    <message>
        <location filename="../../widgets/remote_wait.py" line="22"/>
        <source>Waiting for authorisation</source>
        <translation>等待授权</translation>
    </message>
    <message>
        <location filename="../../widgets/remote_wait.py" line="24"/>
        <source>Request %1 sent to the supervisors. Waiting for a decision…</source>
        <translation>授权请求 %1 已发送，等待授权人处理…</translation>
    </message>
</context>
<context>
    <name>ReviewWorkspace</name>
    <message>
        <location filename="../../widgets/review_workspace.py" line="69"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../widgets/review_workspace.py" line="69"/>
        <source>Entry</source>
        <translation>流水号</translation>
    </message>
    <message>
        <location filename="../../widgets/review_workspace.py" line="69"/>
        <source>Teller</source>
        <translation>柜员</translation>
    </message>
    <message>
        <location filename="../../widgets/review_workspace.py" line="70"/>
        <source>Code</source>
        <translation>交易码</translation>
    </message>
    <message>
        <location filename="../../widgets/review_workspace.py" line="70"/>
        <source>Account</source>
        <translation>账号</translation>
    </message>
    <message>
        <location filename="../../widgets/review_workspace.py" line="70"/>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <location filename="../../widgets/review_workspace.py" line="71"/>
        <source>Direction</source>
        <translation>方向</translation>
    </message>
    <message>
        <location filename="../../widgets/review_workspace.py" line="72"/>
        <source>Reason for returning (required for F6)</source>
        <translation>退回原因（F6 退回时必填）</translation>
    </message>
    <message>
        <location filename="../../widgets/review_workspace.py" line="73"/>
        <source>Pass 复核通过 (F5)</source>
        <translation>复核通过 (F5)</translation>
    </message>
    <message>
        <location filename="../../widgets/review_workspace.py" line="74"/>
        <source>Return 退回 (F6)</source>
        <translation>退回 (F6)</translation>
    </message>
    <message>
        <location filename="../../widgets/review_workspace.py" line="75"/>
        <source>Refresh (F7)</source>
        <translation>刷新 (F7)</translation>
    </message>
    <message>
        <location filename="../../widgets/review_workspace.py" line="86"/>
        <source>in</source>
        <translation>收入</translation>
    </message>
    <message>
        <location filename="../../widgets/review_workspace.py" line="86"/>
        <source>out</source>
        <translation>付出</translation>
    </message>
    <message>
        <location filename="../../widgets/review_workspace.py" line="91"/>
        <source>(reversal of %1)</source>
        <translation>（冲正 %1）</translation>
    </message>
    <message>
        <location filename="../../widgets/review_workspace.py" line="97"/>
        <source>Waiting for review today: %1 · passed: %2 · returned: %3</source>
        <translation>今日待复核：%1 · 已通过：%2 · 已退回：%3</translation>
    </message>
    <message>
        <location filename="../../widgets/review_workspace.py" line="109"/>
        <source>Select a posting first.</source>
        <translation>请先选择一笔交易。</translation>
    </message>
    <message>
        <location filename="../../widgets/review_workspace.py" line="118"/>
        <source>Posting %1 passed.</source>
        <translation>交易 %1 复核通过。</translation>
    </message>
    <message>
        <location filename="../../widgets/review_workspace.py" line="126"/>
        <source>Type the reason for returning the posting, then press Enter.</source>
        <translation>请输入退回原因，然后按回车。</translation>
    </message>
    <message>
        <location filename="../../widgets/review_workspace.py" line="131"/>
        <source>Posting %1 returned to %2.</source>
        <translation>交易 %1 已退回柜员 %2。</translation>
    </message>
</context>
<context>
    <name>Roles</name>
    <message>
        <location filename="../../widgets/messages.py" line="165"/>
        <source>cash teller</source>
        <translation>现金柜员</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="166"/>
        <source>noncash teller</source>
        <translation>非现金区记账柜员</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="167"/>
        <source>reviewer</source>
        <translation>复核柜员</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="168"/>
        <source>clearing clerk</source>
        <translation>同城柜员</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="169"/>
        <source>lobby manager</source>
        <translation>大堂经理</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="170"/>
        <source>cash head</source>
        <translation>现金区台长</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="171"/>
        <source>noncash head</source>
        <translation>非现金区台长</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="172"/>
        <source>branch manager</source>
        <translation>营业室主任</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="179"/>
        <source>, </source>
        <translation>、</translation>
    </message>
</context>
<context>
    <name>SignInPage</name>
    <message>
        <location filename="../../widgets/signin_page.py" line="57"/>
        <source>Teller workstation — sign in</source>
        <translation>柜员工作站 — 签到</translation>
    </message>
    <message>
        <location filename="../../widgets/signin_page.py" line="58"/>
        <source>Badge</source>
        <translation>工牌</translation>
    </message>
    <message>
        <location filename="../../widgets/signin_page.py" line="59"/>
        <source>PIN</source>
        <translation>密码</translation>
    </message>
    <message>
        <location filename="../../widgets/signin_page.py" line="60"/>
        <source>Sign in</source>
        <translation>签到</translation>
    </message>
    <message>
        <location filename="../../widgets/signin_page.py" line="61"/>
        <source>Present your badge or type its number</source>
        <translation>请刷工牌或输入工牌号</translation>
    </message>
</context>
<context>
    <name>SupervisorWorkspace</name>
    <message>
        <location filename="../../widgets/supervisor_workspace.py" line="137"/>
        <source>Pending requests</source>
        <translation>待授权</translation>
    </message>
    <message>
        <location filename="../../widgets/supervisor_workspace.py" line="138"/>
        <source>Today&apos;s decisions</source>
        <translation>今日授权</translation>
    </message>
    <message>
        <location filename="../../widgets/supervisor_workspace.py" line="139"/>
        <source>Tellers</source>
        <translation>柜员状态</translation>
    </message>
    <message>
        <location filename="../../widgets/supervisor_workspace.py" line="140"/>
        <location filename="../../widgets/supervisor_workspace.py" line="143"/>
        <source>No.</source>
        <translation>编号</translation>
    </message>
    <message>
        <location filename="../../widgets/supervisor_workspace.py" line="140"/>
        <location filename="../../widgets/supervisor_workspace.py" line="143"/>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <location filename="../../widgets/supervisor_workspace.py" line="140"/>
        <location filename="../../widgets/supervisor_workspace.py" line="145"/>
        <source>Workstation</source>
        <translation>终端</translation>
    </message>
    <message>
        <location filename="../../widgets/supervisor_workspace.py" line="141"/>
        <location filename="../../widgets/supervisor_workspace.py" line="143"/>
        <source>Maker</source>
        <translation>经办柜员</translation>
    </message>
    <message>
        <location filename="../../widgets/supervisor_workspace.py" line="141"/>
        <location filename="../../widgets/supervisor_workspace.py" line="144"/>
        <source>Action</source>
        <translation>业务</translation>
    </message>
    <message>
        <location filename="../../widgets/supervisor_workspace.py" line="142"/>
        <source>Why</source>
        <translation>原因</translation>
    </message>
    <message>
        <location filename="../../widgets/supervisor_workspace.py" line="143"/>
        <source>Mode</source>
        <translation>方式</translation>
    </message>
    <message>
        <location filename="../../widgets/supervisor_workspace.py" line="142"/>
        <location filename="../../widgets/supervisor_workspace.py" line="144"/>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <location filename="../../widgets/supervisor_workspace.py" line="141"/>
        <source>Account</source>
        <translation>账号</translation>
    </message>
    <message>
        <location filename="../../widgets/supervisor_workspace.py" line="144"/>
        <source>Decision</source>
        <translation>结果</translation>
    </message>
    <message>
        <location filename="../../widgets/supervisor_workspace.py" line="145"/>
        <source>Teller</source>
        <translation>柜员</translation>
    </message>
    <message>
        <location filename="../../widgets/supervisor_workspace.py" line="145"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../../widgets/supervisor_workspace.py" line="146"/>
        <source>Till</source>
        <translation>尾箱</translation>
    </message>
    <message>
        <location filename="../../widgets/supervisor_workspace.py" line="146"/>
        <source>Over/short</source>
        <translation>长短款</translation>
    </message>
    <message>
        <location filename="../../widgets/supervisor_workspace.py" line="146"/>
        <source>Offline exposure</source>
        <translation>脱机敞口</translation>
    </message>
    <message>
        <location filename="../../widgets/supervisor_workspace.py" line="147"/>
        <source>Badges</source>
        <translation>工牌</translation>
    </message>
    <message>
        <location filename="../../widgets/supervisor_workspace.py" line="148"/>
        <source>Reason (required to reject)</source>
        <translation>原因（拒绝时必填）</translation>
    </message>
    <message>
        <location filename="../../widgets/supervisor_workspace.py" line="149"/>
        <source>Approve (F5)</source>
        <translation>批准 (F5)</translation>
    </message>
    <message>
        <location filename="../../widgets/supervisor_workspace.py" line="150"/>
        <source>Reject (F6)</source>
        <translation>拒绝 (F6)</translation>
    </message>
    <message>
        <location filename="../../widgets/supervisor_workspace.py" line="151"/>
        <source>Print my authorisation log</source>
        <translation>打印本人授权登记簿</translation>
    </message>
    <message>
        <location filename="../../widgets/supervisor_workspace.py" line="152"/>
        <source>Unlock badge</source>
        <translation>工牌解锁</translation>
    </message>
    <message>
        <location filename="../../widgets/supervisor_workspace.py" line="153"/>
        <source>Blacklist lost badge</source>
        <translation>工牌挂失</translation>
    </message>
    <message>
        <location filename="../../widgets/supervisor_workspace.py" line="154"/>
        <source>Force sign-off</source>
        <translation>强制签退</translation>
    </message>
    <message>
        <location filename="../../widgets/supervisor_workspace.py" line="190"/>
        <source>signed in</source>
        <translation>已签到</translation>
    </message>
    <message>
        <location filename="../../widgets/supervisor_workspace.py" line="190"/>
        <source>locked (away)</source>
        <translation>暂离锁屏</translation>
    </message>
    <message>
        <location filename="../../widgets/supervisor_workspace.py" line="191"/>
        <source>signed off</source>
        <translation>已签退</translation>
    </message>
    <message>
        <location filename="../../widgets/supervisor_workspace.py" line="193"/>
        <source>open</source>
        <translation>已出库</translation>
    </message>
    <message>
        <location filename="../../widgets/supervisor_workspace.py" line="201"/>
        <source>Branch offline exposure: %1</source>
        <translation>全网点脱机敞口：%1</translation>
    </message>
    <message>
        <location filename="../../widgets/supervisor_workspace.py" line="209"/>
        <source>New authorisation request: %1</source>
        <translation>新授权请求：%1</translation>
    </message>
    <message>
        <location filename="../../widgets/supervisor_workspace.py" line="225"/>
        <source>exceptions open %1 / %2, written off today %3</source>
        <translation>异常待处理 %1 笔 / %2，今日核销 %3</translation>
    </message>
    <message>
        <location filename="../../widgets/supervisor_workspace.py" line="242"/>
        <source>Select a request first.</source>
        <translation>请先选择一笔授权请求。</translation>
    </message>
    <message>
        <location filename="../../widgets/supervisor_workspace.py" line="246"/>
        <source>Request %1 approved.</source>
        <translation>授权请求 %1 已批准。</translation>
    </message>
    <message>
        <location filename="../../widgets/supervisor_workspace.py" line="246"/>
        <source>Request %1 rejected.</source>
        <translation>授权请求 %1 已拒绝。</translation>
    </message>
    <message>
        <location filename="../../widgets/supervisor_workspace.py" line="269"/>
        <source>Select a teller with a badge to change.</source>
        <translation>请选择工牌需处理的柜员。</translation>
    </message>
    <message>
        <location filename="../../widgets/supervisor_workspace.py" line="271"/>
        <source>Confirm with your PIN</source>
        <translation>请输入密码确认</translation>
    </message>
    <message>
        <location filename="../../widgets/supervisor_workspace.py" line="271"/>
        <source>%1 badge %2 of %3</source>
        <translation>%1 %3 的工牌 %2</translation>
    </message>
    <message>
        <location filename="../../widgets/supervisor_workspace.py" line="278"/>
        <source>Badge %1 changed.</source>
        <translation>工牌 %1 已处理。</translation>
    </message>
    <message>
        <location filename="../../widgets/supervisor_workspace.py" line="285"/>
        <source>Select a signed-in teller.</source>
        <translation>请选择已签到的柜员。</translation>
    </message>
    <message>
        <location filename="../../widgets/supervisor_workspace.py" line="292"/>
        <source>Force sign-off of %1</source>
        <translation>强制签退 %1</translation>
    </message>
    <message>
        <location filename="../../widgets/supervisor_workspace.py" line="293"/>
        <source>%1 signed off.</source>
        <translation>%1 已签退。</translation>
    </message>
</context>
<context>
    <name>Texts</name>
    <message>
        <location filename="../../widgets/messages.py" line="243"/>
        <source>{person} may not {action}; it needs one of: {roles}.</source>
        <translation>{person}无权{action}，须由以下岗位办理：{roles}。</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="244"/>
        <source>Wrong PIN. {left} attempt(s) left before the badge locks.</source>
        <translation>密码错误，再错{left}次工牌将被锁定。</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="245"/>
        <source>Wrong PIN {attempts} times: the badge is now locked. A supervisor must unlock it.</source>
        <translation>密码已错{attempts}次，工牌已锁定，须由主管解锁。</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="247"/>
        <source>{person} may not {purpose}; it needs one of: {roles}.</source>
        <translation>{person}无权{purpose}，须由以下岗位办理：{roles}。</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="248"/>
        <source>{person} may not post transaction {code} ({name}).</source>
        <translation>{person}无权办理交易{code}（{name_zh}）。</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="249"/>
        <source>not enough {denomination}: {have} held, {need} needed</source>
        <translation>{denomination}不足：尾箱有{have}张（枚），需要{need}张（枚）</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="250"/>
        <source>the amount exceeds the maximum of {maximum}</source>
        <translation>金额超过上限{maximum}</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="251"/>
        <source>letters are not allowed in an amount ({char})</source>
        <translation>金额中不能有字母（{char}）</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="252"/>
        <source>unexpected character {char}: use digits, thousands commas and one decimal point</source>
        <translation>无效字符{char}：只能输入数字、千位逗号和一个小数点</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="254"/>
        <source>misplaced comma in {whole}: commas must separate groups of three digits, as in 1,234,567.89</source>
        <translation>{whole}中的逗号位置不对：逗号须每三位分隔，如1,234,567.89</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="256"/>
        <source>A resident ID number has 18 characters; {count} were entered.</source>
        <translation>居民身份证号码为18位，输入了{count}位。</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="257"/>
        <source>The birth date in the ID number ({date}) is not a real date.</source>
        <translation>身份证号码中的出生日期（{date}）不是有效日期。</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="258"/>
        <source>The region code {region} is not a known place of issue.</source>
        <translation>地区码{region}不是已知的发证地。</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="259"/>
        <source>The birth date in the ID number ({date}) is in the future.</source>
        <translation>身份证号码中的出生日期（{date}）晚于今天。</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="260"/>
        <source>Journal entry {seq} is not a posting.</source>
        <translation>流水{seq}不是记账交易。</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="261"/>
        <source>Entry {seq} is itself a reversal; a reversal is never reversed.</source>
        <translation>流水{seq}本身是冲正交易，冲正交易不能再冲正。</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="263"/>
        <source>Posting {seq} was already reversed.</source>
        <translation>流水{seq}已冲正。</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="264"/>
        <source>Posting {seq} was not posted at the core (rejected or refused): there is nothing to reverse.</source>
        <translation>流水{seq}未在主机记账（被拒绝），无需冲正。</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="266"/>
        <source>Posting {seq} is still waiting for the core; reverse it once it is settled.</source>
        <translation>流水{seq}仍在等待主机应答，待处理完毕后再冲正。</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="268"/>
        <source>Posting {seq} is from {date}: an earlier day&apos;s posting is corrected with the separate operation reversal_other_day, at a higher level.</source>
        <translation>流水{seq}是{date}的交易：隔日错账须走隔日冲正流程，由更高级别授权。</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="271"/>
        <source>Journal entry {seq} is not a posting with a receipt.</source>
        <translation>流水{seq}不是有回单的记账交易。</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="275"/>
        <source>open a till</source>
        <translation>尾箱出库</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="276"/>
        <source>sell cash back to the vault</source>
        <translation>现金上缴金库</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="277"/>
        <source>balance a till</source>
        <translation>轧账</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="278"/>
        <source>close a till</source>
        <translation>尾箱入库</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="279"/>
        <source>reprint a receipt</source>
        <translation>重打回单</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="280"/>
        <source>reprint another teller&apos;s receipt</source>
        <translation>重打其他柜员的回单</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="281"/>
        <source>reverse a posting</source>
        <translation>冲正交易</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="282"/>
        <source>reverse another teller&apos;s posting</source>
        <translation>冲正其他柜员的交易</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="283"/>
        <source>register a passbook</source>
        <translation>登记存折</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="284"/>
        <source>update a passbook</source>
        <translation>补登存折</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="285"/>
        <source>search the journal</source>
        <translation>查询流水</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="286"/>
        <source>see other staff&apos;s journal entries</source>
        <translation>查看其他人员的流水</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="287"/>
        <source>set up the devices</source>
        <translation>设置外设</translation>
    </message>
    <message>
        <location filename="../../widgets/messages.py" line="289"/>
        <source>nobody</source>
        <translation>无</translation>
    </message>
</context>
<context>
    <name>TillActions</name>
    <message>
        <location filename="../../widgets/till_actions.py" line="49"/>
        <source>Hand over %1 from the vault to %2. Teller: your PIN. Cash-area head: badge and PIN.</source>
        <translation>金库向 %2 交接现金 %1。柜员输入密码；现金区台长刷工牌并输入密码。</translation>
    </message>
    <message>
        <location filename="../../widgets/till_actions.py" line="51"/>
        <source>Open till — dual control</source>
        <translation>尾箱出库 — 双人监交</translation>
    </message>
    <message>
        <location filename="../../widgets/till_actions.py" line="54"/>
        <source>Till opened.</source>
        <translation>尾箱已出库。</translation>
    </message>
    <message>
        <location filename="../../widgets/till_actions.py" line="55"/>
        <source>Open till</source>
        <translation>尾箱出库</translation>
    </message>
    <message>
        <location filename="../../widgets/till_actions.py" line="55"/>
        <source>Count the cash received from the vault.</source>
        <translation>请清点从金库领取的现金。</translation>
    </message>
    <message>
        <location filename="../../widgets/till_actions.py" line="66"/>
        <source>Sell %1 back to the vault. Teller: your PIN. Cash-area head: badge and PIN.</source>
        <translation>向金库上缴现金 %1。柜员输入密码；现金区台长刷工牌并输入密码。</translation>
    </message>
    <message>
        <location filename="../../widgets/till_actions.py" line="67"/>
        <source>Sell cash back to the vault</source>
        <translation>现金上缴金库</translation>
    </message>
    <message>
        <location filename="../../widgets/till_actions.py" line="71"/>
        <source>Cash sold back to the vault.</source>
        <translation>现金已上缴金库。</translation>
    </message>
    <message>
        <location filename="../../widgets/till_actions.py" line="72"/>
        <source>Sell back</source>
        <translation>现金上缴</translation>
    </message>
    <message>
        <location filename="../../widgets/till_actions.py" line="72"/>
        <source>Count the cash going back to the vault.</source>
        <translation>请清点上缴金库的现金。</translation>
    </message>
    <message>
        <location filename="../../widgets/till_actions.py" line="78"/>
        <source>Counted %1, expected %2.</source>
        <translation>实点 %1，应有 %2。</translation>
    </message>
    <message>
        <location filename="../../widgets/till_actions.py" line="81"/>
        <source>OVER (长款) by %1: needs the cash-area head&apos;s authorisation.</source>
        <translation>长款 %1：需现金区台长授权。</translation>
    </message>
    <message>
        <location filename="../../widgets/till_actions.py" line="84"/>
        <source>SHORT (短款) by %1: needs the cash-area head&apos;s authorisation.</source>
        <translation>短款 %1：需现金区台长授权。</translation>
    </message>
    <message>
        <location filename="../../widgets/till_actions.py" line="87"/>
        <source>Balanced. The cash goes back to the vault under dual control.</source>
        <translation>账款相符。现金在双人监交下交回金库。</translation>
    </message>
    <message>
        <location filename="../../widgets/till_actions.py" line="88"/>
        <source>Close till — authorisation</source>
        <translation>日终轧账 — 授权</translation>
    </message>
    <message>
        <location filename="../../widgets/till_actions.py" line="91"/>
        <source>Till closed and handed to the vault.</source>
        <translation>尾箱已轧账并交回金库。</translation>
    </message>
    <message>
        <location filename="../../widgets/till_actions.py" line="96"/>
        <source>Close till — blind count</source>
        <translation>日终轧账 — 盲点</translation>
    </message>
    <message>
        <location filename="../../widgets/till_actions.py" line="97"/>
        <source>Count all cash in the till. The expected amount is shown only after your count.</source>
        <translation>请清点尾箱全部现金。清点录入后才显示应有金额。</translation>
    </message>
</context>
<context>
    <name>TillPanel</name>
    <message>
        <location filename="../../widgets/till_panel.py" line="29"/>
        <source>Till</source>
        <translation>尾箱</translation>
    </message>
    <message>
        <location filename="../../widgets/till_panel.py" line="30"/>
        <source>Count</source>
        <translation>张数</translation>
    </message>
    <message>
        <location filename="../../widgets/till_panel.py" line="30"/>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <location filename="../../widgets/till_panel.py" line="31"/>
        <source>yuan</source>
        <translation>元</translation>
    </message>
    <message>
        <location filename="../../widgets/till_panel.py" line="31"/>
        <source>note</source>
        <translation>纸币</translation>
    </message>
    <message>
        <location filename="../../widgets/till_panel.py" line="31"/>
        <source>coin</source>
        <translation>硬币</translation>
    </message>
    <message>
        <location filename="../../widgets/till_panel.py" line="45"/>
        <source>Till not open (F2 opens it from the vault)</source>
        <translation>尾箱未出库（F2 从金库领取）</translation>
    </message>
    <message>
        <location filename="../../widgets/till_panel.py" line="47"/>
        <source>Total: %1</source>
        <translation>合计：%1</translation>
    </message>
</context>
<context>
    <name>TransactionForm</name>
    <message>
        <location filename="../../widgets/transaction_form.py" line="58"/>
        <source>Transaction code</source>
        <translation>交易码</translation>
    </message>
    <message>
        <location filename="../../widgets/transaction_form.py" line="58"/>
        <source>Transaction</source>
        <translation>交易</translation>
    </message>
    <message>
        <location filename="../../widgets/transaction_form.py" line="59"/>
        <source>Account</source>
        <translation>账号</translation>
    </message>
    <message>
        <location filename="../../widgets/transaction_form.py" line="59"/>
        <source>Account holder</source>
        <translation>户名</translation>
    </message>
    <message>
        <location filename="../../widgets/transaction_form.py" line="59"/>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <location filename="../../widgets/transaction_form.py" line="61"/>
        <source>Cash by denomination (F5 to submit)</source>
        <translation>券别明细（F5 提交）</translation>
    </message>
    <message>
        <location filename="../../widgets/transaction_form.py" line="62"/>
        <source>e.g. 1001 deposit, 1002 withdrawal</source>
        <translation>如 1001 存款，1002 取款</translation>
    </message>
</context>
</TS>
